# Port: Windows on x86-64, built on a Windows x64 machine with MSVC (run CMake from a "x64 Native Tools" developer
# prompt, or after vcvars64.bat, so that cl.exe and lib.exe are on PATH) and the .NET 10 SDK. A native build, so it
# sets no CMAKE_SYSTEM_NAME (that would make CMake treat it as a cross build):
#   cmake -S . -B build -G Ninja --toolchain ports/windows-x64/toolchain.cmake
# The managed code is compiled by NativeAOT for win-x64 (cmake/MicroWasmManaged.cmake); host functions are called by
# native-shim/invoke_native_win64.c (the Microsoft x64 convention). Status: see ports/windows-x64/README.md; the MSVC
# link recipe in cmake/MicroWasmManaged.cmake (MicroWasm.Native.lib instead of a .a, no -l flags) is not written yet.
set(MICROWASM_DOTNET_RID win-x64 CACHE STRING "NativeAOT runtime identifier")
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type")
endif()
