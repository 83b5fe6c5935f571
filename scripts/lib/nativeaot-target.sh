# What a NativeAOT publish for a target runtime identifier needs on this machine (sourced by scripts/publish-cli.sh,
# scripts/lib/publish-native-library.sh and scripts/test-arm64.sh).
#
# Publishing for the machine's own platform needs nothing here. Publishing linux-arm64 on an x86-64 Linux machine is a
# cross compilation: ILC compiles for arm64 with the runtime.linux-arm64.Microsoft.DotNet.ILCompiler package (the SDK
# restores it), and the executable is linked by clang with --target=aarch64-linux-gnu against Debian's cross C
# library. gcc-aarch64-linux-gnu cannot be the linker driver: the SDK passes clang's --target option to it.

# The host's runtime identifier (linux-x64 or linux-arm64; osx-arm64 or osx-x64 on a Mac, where the macOS port is built
# natively).
nativeaot_host_rid() {
  local os=linux
  [ "$(uname -s)" = Darwin ] && os=osx
  case "$(uname -m)" in
    x86_64) echo "$os-x64" ;;
    aarch64 | arm64) echo "$os-arm64" ;;
    *) echo "$os-$(uname -m)" ;;
  esac
}

# The clang that links a cross build: MICROWASM_CROSS_CLANG, else clang-14 (Debian 12's clang).
nativeaot_cross_clang() { echo "${MICROWASM_CROSS_CLANG:-clang-14}"; }

# nativeaot_ensure_toolchain RID: installs (apt-get) what publishing for RID and running the result here need.
nativeaot_ensure_toolchain() {
  local rid="$1" need=()
  [ "$rid" = "$(nativeaot_host_rid)" ] && return 0
  case "$rid" in
    linux-arm64)
      command -v "$(nativeaot_cross_clang)" >/dev/null || need+=(clang-14)
      command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu)
      command -v aarch64-linux-gnu-g++ >/dev/null || need+=(g++-aarch64-linux-gnu)
      command -v aarch64-linux-gnu-objcopy >/dev/null || need+=(binutils-aarch64-linux-gnu)
      command -v qemu-aarch64 >/dev/null || need+=(qemu-user)
      ;;
    *)
      echo "nativeaot-target.sh: no cross toolchain known for $rid on $(nativeaot_host_rid)" >&2
      return 1
      ;;
  esac
  if [ ${#need[@]} -gt 0 ]; then
    mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
    echo "== installing ${need[*]} (cross toolchain for $rid)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

# nativeaot_publish_args RID: the extra `dotnet publish` properties for RID, one per line (none for the host's RID).
nativeaot_publish_args() {
  local rid="$1"
  [ "$rid" = "$(nativeaot_host_rid)" ] && return 0
  case "$rid" in
    linux-arm64)
      echo "-p:CppCompilerAndLinker=$(nativeaot_cross_clang)"
      echo "-p:ObjCopyName=aarch64-linux-gnu-objcopy"
      ;;
  esac
}

# nativeaot_runner RID: the command prefix that runs RID's executables here, one word per line (none for the host's).
nativeaot_runner() {
  local rid="$1"
  [ "$rid" = "$(nativeaot_host_rid)" ] && return 0
  case "$rid" in
    linux-arm64) printf '%s\n' qemu-aarch64 -L /usr/aarch64-linux-gnu ;;
  esac
}
