// The kernels for x86-64 with AVX2: 256-bit vectors (8 floats), no FMA.
#include "kernels.h"
#if defined(__x86_64__) && defined(__GNUC__)
#pragma GCC target("avx2,avx")
#include <immintrin.h>
#include <cstdint>
#include <cstring>
#include <cmath>
#include <cstddef>

namespace nnlab { namespace avx2 {
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
  typedef __m256i M;
  static inline M mask(int w) { return _mm256_cmpgt_epi32(_mm256_set1_epi32(w), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)); }
  static inline T loadm(const float* p, M m) { return _mm256_maskload_ps(p, m); }
  static inline void storem(float* p, T v, M m) { _mm256_maskstore_ps(p, m, v); }
};
typedef V8 WIDE;
#define NNLAB_HAS_V8
#define NNLAB_MASKED
#define NNLAB_ISA_NAME "native-avx2"
#include "kernels.inc"
}  // namespace avx2

const Kernels* avx2Kernels() { return &avx2::TABLE; }
}  // namespace nnlab
#else
namespace nnlab { const Kernels* avx2Kernels() { return nullptr; } }
#endif
