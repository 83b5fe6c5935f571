/*
 * Stand-in for Zephyr's <zephyr/sys/printk.h> in the Linux build of the hello sample: printk with Zephyr's
 * declaration, implemented over the C library's vprintf (printk.c).
 */
#ifndef MICROWASM_ZEPHYR_HOST_SHIM_PRINTK_H
#define MICROWASM_ZEPHYR_HOST_SHIM_PRINTK_H
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
