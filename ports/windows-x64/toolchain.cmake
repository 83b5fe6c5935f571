# Port: Windows on x86-64, built on a Windows x64 machine with MSVC (run CMake from a "x64 Native Tools" developer
# prompt, or after vcvars64.bat, so that cl.exe and lib.exe are on PATH) and the .NET 10 SDK. A native build, so it
# sets no CMAKE_SYSTEM_NAME (that would make CMake treat it as a cross build):
#   cmake -S . -B build -G Ninja --toolchain ports/windows-x64/toolchain.cmake
# The managed code is compiled by NativeAOT for win-x64 (cmake/MicroWasmManaged.cmake); host functions are called by
# native-shim/invoke_native_win64.c (the Microsoft x64 convention). The MSVC link recipe (cmake/MicroWasmManaged.cmake:
# ILC's .obj copied out of the publish, the runtime's .lib files and Windows import libraries, the C runtime options)
# is written but has never run on Windows: see ports/windows-x64/README.md.
set(MICROWASM_DOTNET_RID win-x64 CACHE STRING "NativeAOT runtime identifier")
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type")
endif()
# NativeAOT's runtime libraries are built against the static VC runtime (/MT); hosts and the shim match it.
set(CMAKE_MSVC_RUNTIME_LIBRARY MultiThreaded CACHE STRING "MSVC C runtime (must match NativeAOT's: static)")
