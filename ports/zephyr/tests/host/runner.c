/*
 * The "runner" of the native_sim-style link (CMakeLists.txt, hello_nsi): built against the host's C library like the
 * native simulator's runner, it owns the process's main and nsi_exit, and starts the embedded image. It stands in for
 * the runner only in how it is linked; it simulates nothing.
 */
#include <stdio.h>
#include <stdlib.h>

int hello_embedded_boot(void);

void nsi_exit(int exit_code)
{
    fflush(stdout);
    exit(exit_code);
}

int main(void)
{
    return hello_embedded_boot();
}
