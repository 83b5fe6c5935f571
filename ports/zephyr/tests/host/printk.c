/* printk for the Linux build of the hello sample: the host's stdout instead of Zephyr's console. */
#include <stdarg.h>
#include <stdio.h>
#include <zephyr/sys/printk.h>

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
}
