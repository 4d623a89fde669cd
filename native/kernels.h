// The native float32 kernels: one table per instruction set (kernels.inc compiled
// once per ISA in avx512.cc / avx2.cc / neon.cc), chosen at load time in addon.cc.
#pragma once
#include <cstdint>

namespace nnlab {

struct Kernels {
  const char* name;
  // C (+)= A·B, all row-major: A m×k, B k×n, C m×n; lists: scratch for (m/4 + m/2)·(k+1) int32.
  void (*gemm)(const float* a, const float* b, float* c, int m, int n, int k, bool acc, int32_t* lists);
  void (*transpose)(const float* src, int rows, int cols, float* dst);
  void (*addBias)(const float* x, const float* bias, float* out, int rows, int cols);
  void (*sumRows)(const float* x, float* out, int rows, int cols, bool acc);
  void (*relu)(const float* x, float* y, int n);
  void (*reluBackward)(const float* x, const float* dy, float* dx, int n);
  void (*addBiasRelu)(const float* x, const float* bias, float* z, float* y, int rows, int cols);
  void (*sigmoid)(const float* x, float* y, int n);
  void (*sigmoidBackward)(const float* y, const float* dy, float* dx, int n);
  void (*softmaxCE)(const float* s, const int32_t* labels, float* g, int rows, int cols, double* stats);
  void (*sgd)(float* theta, const float* g, int n, double lr);
  void (*momentum)(float* theta, const float* g, float* v, int n, double lr, double mu, bool nesterov);
  void (*adam)(float* theta, const float* g, float* m, float* v, int n, double lr, double b1, double omb1,
               double b2, double omb2, double c1, double c2, double eps);
};

// Each is null when this build or CPU lacks the instruction set.
const Kernels* avx512Kernels();
const Kernels* avx2Kernels();
const Kernels* neonKernels();

}  // namespace nnlab
