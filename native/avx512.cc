// The kernels for x86-64 with AVX-512F: 512-bit vectors (16 floats), no FMA.
#include "kernels.h"
#if defined(__x86_64__) && defined(__GNUC__)
#pragma GCC target("avx512f,avx2,avx")
#include <immintrin.h>
#include <cstdint>
#include <cstring>
#include <cmath>
#include <cstddef>

namespace nnlab { namespace avx512 {
struct V4 {
  typedef __m128 T; enum { W = 4 };
  static inline T zero() { return _mm_setzero_ps(); }
  static inline T load(const float* p) { return _mm_loadu_ps(p); }
  static inline void store(float* p, T v) { _mm_storeu_ps(p, v); }
  static inline T splat(float a) { return _mm_set1_ps(a); }
  static inline T add(T a, T b) { return _mm_add_ps(a, b); }
  static inline T mul(T a, T b) { return _mm_mul_ps(a, b); }
  typedef int M;
  static inline T loadm(const float* p, M) { return load(p); }
  static inline void storem(float* p, T v, M) { store(p, v); }
};
struct V8 {
  typedef __m256 T; enum { W = 8 };
  static inline T zero() { return _mm256_setzero_ps(); }
  static inline T load(const float* p) { return _mm256_loadu_ps(p); }
  static inline void store(float* p, T v) { _mm256_storeu_ps(p, v); }
  static inline T splat(float a) { return _mm256_set1_ps(a); }
  static inline T add(T a, T b) { return _mm256_add_ps(a, b); }
  static inline T mul(T a, T b) { return _mm256_mul_ps(a, b); }
  typedef int M;
  static inline T loadm(const float* p, M) { return load(p); }
  static inline void storem(float* p, T v, M) { store(p, v); }
};
struct V16 {
  typedef __m512 T; enum { W = 16 };
  static inline T zero() { return _mm512_setzero_ps(); }
  static inline T load(const float* p) { return _mm512_loadu_ps(p); }
  static inline void store(float* p, T v) { _mm512_storeu_ps(p, v); }
  static inline T splat(float a) { return _mm512_set1_ps(a); }
  static inline T add(T a, T b) { return _mm512_add_ps(a, b); }
  static inline T mul(T a, T b) { return _mm512_mul_ps(a, b); }
  typedef __mmask16 M;
  static inline M mask(int w) { return (M)((1u << w) - 1); }
  static inline T loadm(const float* p, M m) { return _mm512_maskz_loadu_ps(m, p); }
  static inline void storem(float* p, T v, M m) { _mm512_mask_storeu_ps(p, m, v); }
};
typedef V16 WIDE;
#define NNLAB_HAS_V16
#define NNLAB_MASKED
#define NNLAB_VEXP  // fdexp8: 8 float64 lanes
#define NNLAB_FUSE  // 32 vector registers: room for 16 accumulators
#define NNLAB_HAS_V8
#define NNLAB_ISA_NAME "native-avx512"
#define NNLAB_NONZERO
// The p where any of the R rows at pa is nonzero (NaN counts: an unordered compare), in
// increasing order, 16 p at a time: compare, OR the masks, compress the kept p to the
// front and store all 16 lanes (writes past the count stay within the block's k entries).
template <int R>
static int nonzeroColumns(const float* pa, size_t sa, int k, int32_t* list) {
  const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512 zero = _mm512_setzero_ps();
  int cnt = 0, p = 0;
  for (; p + 16 <= k; p += 16) {
    __mmask16 nz = 0;
    for (int r = 0; r < R; r++) nz |= _mm512_cmp_ps_mask(_mm512_loadu_ps(pa + r * sa + p), zero, _CMP_NEQ_UQ);
    _mm512_storeu_si512(list + cnt, _mm512_maskz_compress_epi32(nz, _mm512_add_epi32(_mm512_set1_epi32(p), lanes)));
    cnt += __builtin_popcount(nz);
  }
  for (; p < k; p++) {
    bool any = false;
    for (int r = 0; r < R; r++) any |= pa[r * sa + p] != 0.0f;
    list[cnt] = p;
    cnt += any;
  }
  return cnt;
}
#include "kernels.inc"
}  // namespace avx512

const Kernels* avx512Kernels() { return &avx512::TABLE; }
}  // namespace nnlab
#else
namespace nnlab { const Kernels* avx512Kernels() { return nullptr; } }
#endif
