/* A mixed workload in the spirit of CoreMark (our own code, not CoreMark): each iteration runs
 * linked-list operations (find, reverse, merge sort), integer matrix operations, a state machine
 * that classifies number-like tokens, and folds every result into a CRC-16. */
#include "kernel.h"

/* CRC-16/CCITT, bit by bit, as small embedded code does it. */
static unsigned short crc16_byte(unsigned char byte, unsigned short crc) {
  crc ^= (unsigned short)(byte << 8);
  for (int i = 0; i < 8; i++) crc = (crc & 0x8000) ? (unsigned short)((crc << 1) ^ 0x1021) : (unsigned short)(crc << 1);
  return crc;
}
static unsigned short crc16_word(unsigned value, unsigned short crc) {
  for (int i = 0; i < 4; i++) crc = crc16_byte((unsigned char)(value >> (8 * i)), crc);
  return crc;
}

/* ---- linked list ---- */
#define NODES 200
struct node { struct node *next; int key; int data; };
static struct node pool[NODES];

static struct node *list_build(unsigned seed) {
  for (int i = 0; i < NODES; i++) {
    seed = seed * 1664525u + 1013904223u;
    pool[i].key = (int)(seed >> 20);
    pool[i].data = i;
    pool[i].next = i + 1 < NODES ? &pool[i + 1] : 0;
  }
  return &pool[0];
}

static struct node *list_reverse(struct node *head) {
  struct node *previous = 0;
  while (head) { struct node *next = head->next; head->next = previous; previous = head; head = next; }
  return previous;
}

static struct node *list_find(struct node *head, int key) {
  while (head && head->key != key) head = head->next;
  return head;
}

/* Bottom-up merge sort of a singly linked list by key, or by data when by_data is set. */
static struct node *list_sort(struct node *head, int by_data) {
  for (int width = 1;; width *= 2) {
    struct node *p = head, *tail = 0;
    head = 0;
    int merges = 0;
    while (p) {
      merges++;
      struct node *q = p;
      int psize = 0, qsize = width;
      while (psize < width && q) { psize++; q = q->next; }
      while (psize > 0 || (qsize > 0 && q)) {
        struct node *e;
        if (psize == 0) { e = q; q = q->next; qsize--; }
        else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
        else if ((by_data ? p->data - q->data : p->key - q->key) <= 0) { e = p; p = p->next; psize--; }
        else { e = q; q = q->next; qsize--; }
        if (tail) tail->next = e; else head = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return head;
  }
}

static unsigned short bench_list(unsigned seed, unsigned short crc) {
  struct node *head = list_build(seed);
  for (int i = 0; i < 40; i++) {
    struct node *found = list_find(head, pool[(seed + i * 7) % NODES].key);
    crc = crc16_word(found ? (unsigned)found->data : 0xffffu, crc);
    head = list_reverse(head);
  }
  head = list_sort(head, 0);
  crc = crc16_word((unsigned)head->key, crc);
  head = list_sort(head, 1);
  for (struct node *p = head; p; p = p->next) crc = crc16_word((unsigned)p->key, crc);
  return crc;
}

/* ---- matrix ---- */
#define M 24
static short ma[M][M], mb[M][M];
static int mc[M][M];

static unsigned short bench_matrix(unsigned seed, unsigned short crc) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      seed = seed * 1664525u + 1013904223u;
      ma[i][j] = (short)((seed >> 16) & 0x3ff);
      mb[i][j] = (short)((seed >> 8) & 0x3ff) - 512;
    }
  /* Add a constant, multiply by a constant, matrix times matrix, then extract bit fields. */
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) ma[i][j] = (short)(ma[i][j] + 7);
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) mc[i][j] = ma[i][j] * 3;
  unsigned acc = 0;
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      int sum = 0;
      for (int k = 0; k < M; k++) sum += ma[i][k] * mb[k][j];
      mc[i][j] = sum;
      acc += (unsigned)((sum >> 2) & 0xf) + ((sum >> 5) & 0x7f);
    }
  for (int i = 0; i < M; i++) crc = crc16_word((unsigned)mc[i][i], crc);
  return crc16_word(acc, crc);
}

/* ---- state machine ---- */
enum state { START, INTEGER, SIGNED, DOT, FRACTION, EXPONENT, EXP_SIGN, EXP_DIGITS, INVALID, STATES };
static const char *const tokens[] = {"5012", "1.25", "-190", "+3e-7", "7.e", "0x1f", "-.5", "12E+4", "3.14159", "--1", "e5", "9"};
#define TOKEN_COUNT (int)(sizeof tokens / sizeof tokens[0])
static char text[1024];

static enum state step(enum state s, char c) {
  int digit = c >= '0' && c <= '9';
  switch (s) {
  case START:
    if (digit) return INTEGER;
    if (c == '+' || c == '-') return SIGNED;
    if (c == '.') return DOT;
    return INVALID;
  case SIGNED:
    if (digit) return INTEGER;
    if (c == '.') return DOT;
    return INVALID;
  case INTEGER:
    if (digit) return INTEGER;
    if (c == '.') return DOT;
    if (c == 'e' || c == 'E') return EXPONENT;
    return INVALID;
  case DOT:
  case FRACTION:
    if (digit) return FRACTION;
    if (c == 'e' || c == 'E') return s == FRACTION ? EXPONENT : INVALID;
    return INVALID;
  case EXPONENT:
    if (c == '+' || c == '-') return EXP_SIGN;
    return digit ? EXP_DIGITS : INVALID;
  case EXP_SIGN:
  case EXP_DIGITS:
    return digit ? EXP_DIGITS : INVALID;
  default:
    return INVALID;
  }
}

static unsigned short bench_state(unsigned seed, unsigned short crc) {
  int length = 0;
  while (length < (int)sizeof text - 16) {
    seed = seed * 1664525u + 1013904223u;
    const char *t = tokens[(seed >> 16) % TOKEN_COUNT];
    while (*t) text[length++] = *t++;
    text[length++] = ',';
  }
  text[length] = 0;
  unsigned counts[STATES] = {0}, transitions = 0;
  enum state s = START;
  for (const char *p = text; *p; p++) {
    if (*p == ',') { counts[s]++; s = START; continue; }
    enum state next = step(s, *p);
    transitions += next != s;
    s = next;
  }
  for (int i = 0; i < STATES; i++) crc = crc16_word(counts[i], crc);
  return crc16_word(transitions, crc);
}

KERNEL_EXPORT unsigned run(unsigned n) {
  unsigned short crc = 0;
  for (unsigned r = 0; r < n; r++) {
    unsigned seed = r * 2654435761u + 1;
    crc = bench_list(seed, crc);
    crc = bench_matrix(seed, crc);
    crc = bench_state(seed, crc);
  }
  return crc;
}
