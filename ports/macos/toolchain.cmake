# Port: macOS on arm64 (Apple silicon) or x86-64, built on a Mac with Xcode's command-line tools (Apple clang) and the
# .NET 10 SDK. A native build, so it sets no CMAKE_SYSTEM_NAME:
#   cmake -S . -B build -G Ninja --toolchain ports/macos/toolchain.cmake                  # the Mac's own architecture
#   cmake ... -DMICROWASM_DOTNET_RID=osx-x64                                               # or name one
# The RID and CMAKE_OSX_ARCHITECTURES are kept in agreement, so the C objects match the NativeAOT code. Status: see
# ports/macos/README.md; osx-x64 uses the System V shim (native-shim/invoke_native_sysv_x64.c); osx-arm64 has no
# native-call shim yet (Apple's arm64 ABI packs stack arguments by size), so configuring for it stops with a message.
if(NOT DEFINED MICROWASM_DOTNET_RID)
  if(CMAKE_OSX_ARCHITECTURES STREQUAL "x86_64")
    set(_mw_rid osx-x64)
  elseif(CMAKE_OSX_ARCHITECTURES STREQUAL "arm64" OR CMAKE_HOST_SYSTEM_PROCESSOR MATCHES "^(arm64|aarch64)$")
    set(_mw_rid osx-arm64)
  else()
    set(_mw_rid osx-x64)
  endif()
  set(MICROWASM_DOTNET_RID ${_mw_rid} CACHE STRING "NativeAOT runtime identifier")
endif()
if(NOT CMAKE_OSX_ARCHITECTURES)
  if(MICROWASM_DOTNET_RID STREQUAL "osx-arm64")
    set(CMAKE_OSX_ARCHITECTURES arm64 CACHE STRING "Architecture of the C objects (one, as the NativeAOT code)")
  else()
    set(CMAKE_OSX_ARCHITECTURES x86_64 CACHE STRING "Architecture of the C objects (one, as the NativeAOT code)")
  endif()
endif()
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type")
endif()
