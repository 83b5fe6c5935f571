# Builds the managed part of the library with NativeAOT (`dotnet publish`, NativeLib=Static) and tells the rest of
# the build what a host must link with it.
#   MICROWASM_MANAGED_OBJECT      the managed code as one object file, to put into libmicrowasm.a
#   MICROWASM_RUNTIME_LINK_ITEMS  the NativeAOT runtime's objects and archives, then system libraries (-l flags; on
#                                 Windows import libraries by file name), in link order
#   MICROWASM_RUNTIME_LINK_OPTIONS  linker options a host needs with them (Windows: the C runtime's choice)
#   microwasm_managed             the target that (re)publishes when a C# file changes

find_program(MICROWASM_DOTNET dotnet REQUIRED)
set(_mw_root "${CMAKE_CURRENT_LIST_DIR}/..")
set(_mw_project "${_mw_root}/managed/MicroWasm.Native/MicroWasm.Native.csproj")
set(_mw_out "${CMAKE_CURRENT_BINARY_DIR}/managed")
set(_mw_common_args -nologo -p:RuntimeIdentifier=${MICROWASM_DOTNET_RID} -p:Configuration=${MICROWASM_DOTNET_CONFIGURATION})
# The profile's features (CMakeLists.txt): MSBuild properties of MicroWasm.Native.csproj.
set(_mw_feature_args "-p:MicroWasmWasi=$<IF:$<BOOL:${MICROWASM_WASI}>,true,false>"
  "-p:MicroWasmWasmCApi=$<IF:$<BOOL:${MICROWASM_WASM_C_API}>,true,false>")
set(ENV{DOTNET_CLI_TELEMETRY_OPTOUT} 1)
set(ENV{DOTNET_NOLOGO} 1)

# The link items come from the NativeAOT targets themselves, so they follow the SDK: ask once, at configure time.
set(_mw_items_file "${_mw_out}/link-items.txt")
if(NOT EXISTS "${_mw_items_file}" OR "${_mw_project}" IS_NEWER_THAN "${_mw_items_file}")
  message(STATUS "MicroWasm: restoring the managed projects for ${MICROWASM_DOTNET_RID}")
  execute_process(COMMAND "${MICROWASM_DOTNET}" restore "${_mw_project}" -r ${MICROWASM_DOTNET_RID} -v quiet -nologo
    RESULT_VARIABLE _mw_rc)
  if(NOT _mw_rc EQUAL 0)
    message(FATAL_ERROR "MicroWasm: dotnet restore failed")
  endif()
  execute_process(COMMAND "${MICROWASM_DOTNET}" msbuild "${_mw_project}" -v:quiet ${_mw_common_args}
      -t:MicroWasmWriteLinkItems "-p:MicroWasmLinkItemsFile=${_mw_items_file}"
    RESULT_VARIABLE _mw_rc)
  if(NOT _mw_rc EQUAL 0)
    message(FATAL_ERROR "MicroWasm: could not get the NativeAOT link items")
  endif()
endif()
file(STRINGS "${_mw_items_file}" MICROWASM_RUNTIME_LINK_ITEMS)
if(MICROWASM_DOTNET_RID MATCHES "^win")
  # NativeAOT's runtime libraries use the static VC runtime with the system's dynamic UCRT (the SDK links its own
  # executables with these two options); a host compiles with /MT to match (ports/windows-x64/toolchain.cmake).
  set(MICROWASM_RUNTIME_LINK_OPTIONS /NODEFAULTLIB:libucrt.lib /DEFAULTLIB:ucrt.lib)
else()
  set(MICROWASM_RUNTIME_LINK_OPTIONS)
  list(APPEND MICROWASM_RUNTIME_LINK_ITEMS -lpthread)
endif()

file(GLOB_RECURSE _mw_sources CONFIGURE_DEPENDS
  "${_mw_root}/managed/MicroWasm/*.cs" "${_mw_root}/managed/MicroWasm/*.csproj"
  "${_mw_root}/managed/MicroWasm.Native/*.cs" "${_mw_root}/managed/MicroWasm.Native/*.csproj"
  "${_mw_root}/Directory.Build.props" "${_mw_root}/scripts/lib/publish-native-library.sh"
  "${_mw_root}/scripts/lib/dispatch-placement.sh" "${_mw_root}/scripts/lib/dispatch_alignment.py"
  "${_mw_root}/scripts/lib/nativeaot-target.sh")
list(FILTER _mw_sources EXCLUDE REGEX "/(bin|obj)/")

if(MICROWASM_DOTNET_RID MATCHES "^win")
  # Windows (MSVC): a plain publish, no bash and no ar; the project copies ILC's object out (MicroWasmCopyNativeObject).
  # The dispatch-block placement of the Linux build is not done here (it reads ELF objects).
  set(MICROWASM_MANAGED_OBJECT "${_mw_out}/MicroWasm.Native.obj")
  add_custom_command(
    OUTPUT "${MICROWASM_MANAGED_OBJECT}"
    COMMAND "${MICROWASM_DOTNET}" publish "${_mw_project}" -r ${MICROWASM_DOTNET_RID} -c ${MICROWASM_DOTNET_CONFIGURATION}
            -o "${_mw_out}/publish" "-p:MicroWasmObjectFile=${MICROWASM_MANAGED_OBJECT}" ${_mw_feature_args}
            -nologo -v quiet -clp:ErrorsOnly
    COMMAND "${CMAKE_COMMAND}" -E touch "${MICROWASM_MANAGED_OBJECT}"
    DEPENDS ${_mw_sources}
    WORKING_DIRECTORY "${_mw_root}"
    COMMENT "MicroWasm: NativeAOT publish of MicroWasm.Native (${MICROWASM_DOTNET_RID}, ${MICROWASM_DOTNET_CONFIGURATION})"
    VERBATIM)
else()
  set(MICROWASM_MANAGED_OBJECT "${_mw_out}/MicroWasm.Native.o")
  add_custom_command(
    OUTPUT "${MICROWASM_MANAGED_OBJECT}"
    # The publish, with the interpreter's dispatch block placed inside one 64-byte line (see the script); for a target
    # other than the build machine's (linux-arm64 on x86-64) with the cross-compilation settings of nativeaot-target.sh.
    COMMAND bash "${_mw_root}/scripts/lib/publish-native-library.sh" ${MICROWASM_DOTNET_RID} ${MICROWASM_DOTNET_CONFIGURATION}
            "${_mw_out}/publish" "${MICROWASM_MANAGED_OBJECT}" ${_mw_feature_args}
    COMMAND "${CMAKE_COMMAND}" -E touch "${MICROWASM_MANAGED_OBJECT}"
    DEPENDS ${_mw_sources}
    WORKING_DIRECTORY "${_mw_root}"
    COMMENT "MicroWasm: NativeAOT publish of MicroWasm.Native (${MICROWASM_DOTNET_RID}, ${MICROWASM_DOTNET_CONFIGURATION})"
    VERBATIM)
endif()
add_custom_target(microwasm_managed DEPENDS "${MICROWASM_MANAGED_OBJECT}")
