/*
 * Stand-in for the native simulator's nsi_main.h in the Linux build of the hello sample: nsi_exit ends the process
 * with a status, as on native_sim (defined in nsi_exit.c, or in runner.c for the native_sim-style link).
 */
#ifndef MICROWASM_ZEPHYR_HOST_SHIM_NSI_MAIN_H
#define MICROWASM_ZEPHYR_HOST_SHIM_NSI_MAIN_H
void nsi_exit(int exit_code);
#endif
