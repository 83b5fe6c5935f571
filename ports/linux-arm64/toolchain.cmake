# Port: Linux on AArch64 (ARM64), cross-built on an x86-64 Debian machine with the GNU cross toolchain
# (gcc-aarch64-linux-gnu, binutils-aarch64-linux-gnu) and run there under user-mode QEMU (qemu-user).
#   cmake -S . -B build -G Ninja --toolchain ports/linux-arm64/toolchain.cmake
# The managed code is compiled by NativeAOT's arm64 compiler (cmake/MicroWasmManaged.cmake); C hosts are linked by
# aarch64-linux-gnu-gcc; CTest and add_test run the aarch64 executables through CMAKE_CROSSCOMPILING_EMULATOR.
# On an ARM64 Debian machine the same file works (there the gcc named aarch64-linux-gnu-gcc is the native one).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(MICROWASM_CROSS_TRIPLE aarch64-linux-gnu CACHE STRING "GNU triple of the cross toolchain")
set(CMAKE_C_COMPILER ${MICROWASM_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${MICROWASM_CROSS_TRIPLE}-g++)
# Debian's multiarch cross toolchain keeps the target's libraries and headers here (not a separate sysroot).
set(MICROWASM_CROSS_PREFIX /usr/${MICROWASM_CROSS_TRIPLE} CACHE PATH "Target root of the cross toolchain")
set(CMAKE_FIND_ROOT_PATH ${MICROWASM_CROSS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)   # tools (dotnet, valgrind, ...) are the build machine's
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Tests run under user-mode QEMU; -L points it at the target's dynamic loader and C library. On an ARM64 build machine
# they run as they are.
if(NOT CMAKE_HOST_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;${MICROWASM_CROSS_PREFIX})
endif()

set(MICROWASM_DOTNET_RID linux-arm64 CACHE STRING "NativeAOT runtime identifier")
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type")
endif()
