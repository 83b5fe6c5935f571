using MicroWasm.Aot;

namespace MicroWasm.Compiler;

/// <summary>
/// The part of an image's runtime that makes guard regions work (guide: aot.md, "Memory"): the trampoline's outer frame,
/// which keeps the entry's context where a fault can find it, the interrupt word loops poll, and the SIGSEGV handler the
/// runtime installs from one image (<see cref="AotFaultHandler"/>). The handler turns a fault only of artifact code on the
/// guard region of the running instance's memory into the trap "out of bounds memory access", and passes every other
/// signal on to the handler it replaced (the .NET runtime's).
/// </summary>
/// <remarks>
/// The handler lives in the image because the image is the one piece of native code present wherever AOT code runs: in
/// the C library, in the NativeAOT command and under a JIT runtime alike. It reads only the faulting thread's stack, the
/// running instance's context and the runtime's registry (native memory that is never freed).
/// </remarks>
internal static class CFaultHandler
{
    public static string Source(AotTarget target)
    {
        bool x64 = target.Architecture == AotArchitecture.X86_64;
        return (x64 ? TrampolineX86_64 : TrampolineAArch64) + (x64 ? MachineX86_64 : MachineAArch64) + Handler;
    }

    // The trampoline's outer frame: a frame record, then the context, at a fixed place from the frame pointer; the body
    // (mw_enter_body) is ordinary C. A frame that returns to mw_enter_return is the body's.
    private const string TrampolineX86_64 = """
        __asm__(
          ".text\n.globl mw_enter\n.hidden mw_enter\n.type mw_enter,@function\nmw_enter:\n"
          "  pushq %rbp\n  movq %rsp, %rbp\n  pushq %rdi\n  subq $8, %rsp\n  call mw_enter_body\n"
          ".globl mw_enter_return\n.hidden mw_enter_return\nmw_enter_return:\n"
          "  leave\n  ret\n.size mw_enter, .-mw_enter\n");
        #define MW_ENTRY_CONTEXT(frame) (*(mw_ctx**)((frame) - 8))

        """;

    private const string TrampolineAArch64 = """
        __asm__(
          ".text\n.globl mw_enter\n.hidden mw_enter\n.type mw_enter,%function\nmw_enter:\n"
          "  stp x29, x30, [sp, #-32]!\n  mov x29, sp\n  str x0, [sp, #16]\n  bl mw_enter_body\n"
          ".globl mw_enter_return\n.hidden mw_enter_return\nmw_enter_return:\n"
          "  ldp x29, x30, [sp], #32\n  ret\n.size mw_enter, .-mw_enter\n");
        #define MW_ENTRY_CONTEXT(frame) (*(mw_ctx**)((frame) + 16))

        """;

    // Where the interrupted registers are in the ucontext_t the kernel passes (Linux; glibc's and the kernel's layouts
    // agree), how a call to mw_trap is made from there, and rt_sigaction for restoring the default action.
    private const string MachineX86_64 = """
        #define MW_UC_GREGS(uc) ((u64*)((char*)(uc) + 40))
        #define MW_UC_PC(uc) MW_UC_GREGS(uc)[16]
        #define MW_UC_SP(uc) MW_UC_GREGS(uc)[15]
        #define MW_UC_FP(uc) MW_UC_GREGS(uc)[10]
        /* As if the faulting instruction had called mw_trap(ctx, kind, -1): its address (+1, to stay inside it when the
           trap's walk looks one byte back) becomes the return address, on a stack aligned as at a call. */
        static void mw_call_trap(void* uc, mw_ctx* ctx, s32 kind) {
          u64* g = MW_UC_GREGS(uc);
          u64 sp = (g[15] & ~15ull) - 8;
          *(u64*)sp = g[16] + 1;
          g[15] = sp; g[8] = (u64)ctx; g[9] = (u64)(u32)kind; g[12] = (u64)(u32)-1; g[16] = (u64)&mw_trap;
        }
        static void mw_default_action(s32 sig) {
          u64 action[4] = {0};
          register u64 size __asm__("r10") = 8;
          long r;
          __asm__ volatile("syscall" : "=a"(r) : "a"(13L), "D"((long)sig), "S"(action), "d"(0L), "r"(size) : "rcx", "r11", "memory");
        }

        """;

    private const string MachineAArch64 = """
        #define MW_UC_REGS(uc) ((u64*)((char*)(uc) + 184))
        #define MW_UC_PC(uc) (*(u64*)((char*)(uc) + 440))
        #define MW_UC_SP(uc) (*(u64*)((char*)(uc) + 432))
        #define MW_UC_FP(uc) MW_UC_REGS(uc)[29]
        /* As if the faulting instruction had called mw_trap(ctx, kind, -1): the link register returns just past it. */
        static void mw_call_trap(void* uc, mw_ctx* ctx, s32 kind) {
          u64* x = MW_UC_REGS(uc);
          x[0] = (u64)ctx; x[1] = (u64)(u32)kind; x[2] = (u64)(u32)-1; x[30] = MW_UC_PC(uc) + 4;
          MW_UC_PC(uc) = (u64)&mw_trap;
        }
        static void mw_default_action(s32 sig) {
          u64 action[4] = {0};
          register long x0 __asm__("x0") = sig;
          register u64* x1 __asm__("x1") = action;
          register long x2 __asm__("x2") = 0;
          register long x3 __asm__("x3") = 8;
          register long x8 __asm__("x8") = 134;
          __asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3), "r"(x8) : "memory");
        }

        """;

    private const string Handler = """
        /* The runtime's registry (AotFaultHandler.cs): the handler this one replaced, a guarded memory's reservation, and
           the loaded images' code. A range is valid while its end is non-zero and reads the same before and after. */
        typedef struct mw_code_range { volatile u64 end, start, enter_return; } mw_code_range;
        typedef struct mw_code_ranges { u64 capacity; mw_code_range ranges[]; } mw_code_ranges;
        typedef struct mw_fault_registry {
          void* previous;
          u64 previous_flags;
          u64 guarded_bytes;
          mw_code_ranges* volatile code;
        } mw_fault_registry;
        __attribute__((used)) MW_HIDDEN mw_fault_registry* mw_faults;
        __attribute__((used)) MW_HIDDEN volatile s32 mw_interrupt;

        static const mw_code_range* mw_image_of(const mw_code_ranges* code, u64 pc, int by_return) {
          for (u64 i = 0; i < code->capacity; i++) {
            const mw_code_range* r = &code->ranges[i];
            u64 end = r->end, start = r->start, enter_return = r->enter_return;
            if (end == 0 || r->end != end) continue;
            if (by_return ? pc == enter_return : pc - start < end - start) return r;
          }
          return 0;
        }

        /* The innermost entry's context: up the frame chain (every function of an image keeps a frame pointer, and only
           image code lies between a fault in it and its entry) to the frame that returns into a trampoline. */
        static mw_ctx* mw_entry_of(const mw_code_ranges* code, u64 fp, u64 sp) {
          for (int depth = 0; depth < 1000000; depth++) {
            if (fp < sp || (fp & 7) != 0 || fp - sp > (1ull << 32)) return 0;
            u64* frame = (u64*)fp;
            if (mw_image_of(code, frame[1], 1)) {
              mw_ctx* ctx = MW_ENTRY_CONTEXT(frame[0]);
              return ctx->entry_frame == (char*)fp ? ctx : 0;
            }
            if (frame[0] <= fp) return 0;
            fp = frame[0];
          }
          return 0;
        }

        __attribute__((used)) MW_HIDDEN void mw_fault(s32 sig, void* info, void* uc) {
          const mw_fault_registry* r = mw_faults;
          const mw_code_ranges* code = r->code;
          u64 address = *(u64*)((char*)info + 16);
          if (code && mw_image_of(code, MW_UC_PC(uc), 0)) {
            mw_ctx* ctx = mw_entry_of(code, MW_UC_FP(uc), MW_UC_SP(uc));
            if (ctx && address - (u64)ctx->mem0->base < r->guarded_bytes) {
              mw_call_trap(uc, ctx, MW_TRAP_OutOfBoundsMemoryAccess);
              return;
            }
          }
          if (r->previous_flags & 4 /* SA_SIGINFO */) ((void (*)(s32, void*, void*))r->previous)(sig, info, uc);
          else if ((u64)r->previous > 1) ((void (*)(s32))r->previous)(sig);
          else mw_default_action(sig); /* SIG_DFL or SIG_IGN: the instruction faults again, with the default action */
        }

        """;
}
