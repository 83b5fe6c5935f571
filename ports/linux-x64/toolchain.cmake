# Port: Linux on x86-64, the reference port, built and run on the build machine (so it sets no CMAKE_SYSTEM_NAME,
# which would make CMake treat the build as a cross build). Cross ports set CMAKE_SYSTEM_NAME, compilers and sysroot.
#   cmake -S . -B build -G Ninja --toolchain ports/linux-x64/toolchain.cmake
set(MICROWASM_DOTNET_RID linux-x64 CACHE STRING "NativeAOT runtime identifier")
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type")
endif()
