# libmicrowasm.so (CMake's -DBUILD_SHARED_LIBS=ON): the target `microwasm` made a shared library the way NativeAOT links a
# NativeLib=Shared one (the SDK's Microsoft.NETCore.Native.Unix.targets): the managed object, its runtime linked inside
# (libbootstrapperdll.o first, the bootstrapper for libraries, which MICROWASM_RUNTIME_LINK_ITEMS already names),
# -z relro -z now, no entry point. Linking here rather than in `dotnet publish -p:NativeLib=Shared` keeps one publish
# for both kinds of library (and its dispatch-block placement, which the linker keeps: the code section is 64-byte
# aligned) and lets the shim's objects in.
#
# Exported: only what the installed headers declare (native-shim/generated/exports.map, written by the header
# generator), so the .NET runtime's symbols stay inside and the library can share a process with other NativeAOT
# libraries, or with a second copy of itself.
if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
  message(FATAL_ERROR "MicroWasm: the shared library is built for Linux only so far (it needs an ELF version script); "
    "configure ${CMAKE_SYSTEM_NAME} without BUILD_SHARED_LIBS")
endif()

set(MICROWASM_EXPORTS_MAP "${CMAKE_CURRENT_SOURCE_DIR}/native-shim/generated/exports.map")
# The soname carries major.minor: before 1.0 a minor version may change the ABI (the CMake package says SameMinorVersion).
set_target_properties(microwasm PROPERTIES
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}
  LINK_DEPENDS "${MICROWASM_EXPORTS_MAP}")
target_link_options(microwasm PRIVATE
  "LINKER:--version-script=${MICROWASM_EXPORTS_MAP}"
  "LINKER:--no-undefined"
  "LINKER:-z,relro,-z,now"
  "LINKER:-e,0x0"
  "LINKER:--gc-sections")
target_link_libraries(microwasm PRIVATE ${MICROWASM_RUNTIME_LINK_ITEMS} Threads::Threads)
