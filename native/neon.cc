// The kernels for 64-bit ARM: 128-bit NEON vectors (4 floats), separate vmulq/vaddq (no FMA).
#include "kernels.h"
#if defined(__aarch64__)
#include <arm_neon.h>
#include <cstdint>
#include <cstring>
#include <cmath>
#include <cstddef>

namespace nnlab { namespace neon {
struct V4 {
  typedef float32x4_t T; enum { W = 4 };
  static inline T zero() { return vdupq_n_f32(0.0f); }
  static inline T load(const float* p) { return vld1q_f32(p); }
  static inline void store(float* p, T v) { vst1q_f32(p, v); }
  static inline T splat(float a) { return vdupq_n_f32(a); }
  static inline T add(T a, T b) { return vaddq_f32(a, b); }
  static inline T mul(T a, T b) { return vmulq_f32(a, b); }
  typedef int M;
  static inline T loadm(const float* p, M) { return load(p); }
  static inline void storem(float* p, T v, M) { store(p, v); }
};
typedef V4 WIDE;
#define NNLAB_ISA_NAME "native-neon"
#include "kernels.inc"
}  // namespace neon

const Kernels* neonKernels() { return &neon::TABLE; }
}  // namespace nnlab
#else
namespace nnlab { const Kernels* neonKernels() { return nullptr; } }
#endif
