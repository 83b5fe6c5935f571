/* nsi_exit for the plain Linux build of the hello sample: end the process with the sample's status. */
#include <stdio.h>
#include <stdlib.h>
#include <nsi_main.h>

void nsi_exit(int exit_code)
{
    fflush(stdout);
    exit(exit_code);
}
