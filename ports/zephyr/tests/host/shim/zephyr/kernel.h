/*
 * Stand-in for Zephyr's <zephyr/kernel.h> in the Linux build of the hello sample (ports/zephyr/tests/host). The sample
 * uses nothing from the kernel API; this header exists so that main.c compiles unchanged.
 */
#ifndef MICROWASM_ZEPHYR_HOST_SHIM_KERNEL_H
#define MICROWASM_ZEPHYR_HOST_SHIM_KERNEL_H
#include <zephyr/sys/printk.h>
#endif
