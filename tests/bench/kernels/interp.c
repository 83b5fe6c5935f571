/* A byte-code interpreter: a stack machine with a switch-dispatched loop runs a program that
 * counts primes below a limit by trial division. Measures indirect branches (the dispatch),
 * small loads and stores, and a loop whose body is unpredictable to the host. */
#include "kernel.h"

enum op { PUSH, LOAD, STORE, ADD, MUL, MOD, LT, GT, JZ, JNZ, JMP, HALT };

#define CODE_MAX 128
static int code[CODE_MAX];
static int code_length;
static int fixups[16][2]; /* (code index, label number) to patch once labels are known */
static int fixup_count;
static int labels[16];

static void emit(int op) { code[code_length++] = op; }
static void emit_imm(int op, int imm) { emit(op); emit(imm); }
static void emit_jump(int op, int label) {
  emit(op);
  fixups[fixup_count][0] = code_length;
  fixups[fixup_count++][1] = label;
  emit(0);
}
static void mark(int label) { labels[label] = code_length; }

/* Registers: r0 = limit, r1 = count, r2 = i, r3 = d, r4 = i is prime so far. */
static void assemble(void) {
  enum { OUTER, INNER, NEXT_D, INNER_END, END };
  code_length = fixup_count = 0;
  emit_imm(PUSH, 0); emit_imm(STORE, 1);
  emit_imm(PUSH, 2); emit_imm(STORE, 2);
  mark(OUTER);
  emit_imm(LOAD, 2); emit_imm(LOAD, 0); emit(LT); emit_jump(JZ, END);
  emit_imm(PUSH, 1); emit_imm(STORE, 4);
  emit_imm(PUSH, 2); emit_imm(STORE, 3);
  mark(INNER);
  emit_imm(LOAD, 3); emit_imm(LOAD, 3); emit(MUL); emit_imm(LOAD, 2); emit(GT);
  emit_jump(JNZ, INNER_END);
  emit_imm(LOAD, 2); emit_imm(LOAD, 3); emit(MOD); emit_jump(JNZ, NEXT_D);
  emit_imm(PUSH, 0); emit_imm(STORE, 4); emit_jump(JMP, INNER_END);
  mark(NEXT_D);
  emit_imm(LOAD, 3); emit_imm(PUSH, 1); emit(ADD); emit_imm(STORE, 3); emit_jump(JMP, INNER);
  mark(INNER_END);
  emit_imm(LOAD, 1); emit_imm(LOAD, 4); emit(ADD); emit_imm(STORE, 1);
  emit_imm(LOAD, 2); emit_imm(PUSH, 1); emit(ADD); emit_imm(STORE, 2); emit_jump(JMP, OUTER);
  mark(END);
  emit_imm(LOAD, 1); emit(HALT);
  for (int i = 0; i < fixup_count; i++) code[fixups[i][0]] = labels[fixups[i][1]];
}

static int execute(const int *program, int limit) {
  int stack[16], regs[8] = {limit};
  int sp = 0, pc = 0;
  for (;;) {
    switch (program[pc++]) {
    case PUSH: stack[sp++] = program[pc++]; break;
    case LOAD: stack[sp++] = regs[program[pc++]]; break;
    case STORE: regs[program[pc++]] = stack[--sp]; break;
    case ADD: sp--; stack[sp - 1] += stack[sp]; break;
    case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
    case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
    case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
    case GT: sp--; stack[sp - 1] = stack[sp - 1] > stack[sp]; break;
    case JZ: { int target = program[pc++]; if (stack[--sp] == 0) pc = target; break; }
    case JNZ: { int target = program[pc++]; if (stack[--sp] != 0) pc = target; break; }
    case JMP: pc = program[pc]; break;
    case HALT: return stack[sp - 1];
    default: return -1;
    }
  }
}

KERNEL_EXPORT unsigned run(unsigned n) {
  assemble();
  unsigned checksum = 0;
  for (unsigned r = 0; r < n; r++) checksum = checksum * 31u + (unsigned)execute(code, 20000 + (int)(r & 63));
  return checksum;
}
