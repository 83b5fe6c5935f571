/* The smallest module the driver times: instantiating it and calling run(0) measures an engine's
 * startup (process start, load, instantiate, one call, exit). */
#include "../kernels/kernel.h"

KERNEL_EXPORT unsigned run(unsigned n) { return n; }
