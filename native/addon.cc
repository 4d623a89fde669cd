// nnlab's native kernels as a Node-API addon. Picks the widest instruction set the
// CPU has when it loads (AVX-512, AVX2, NEON); on any other CPU it exports no
// kernels and nnlab keeps the WebAssembly ones. Operands are the typed arrays
// themselves (no copies); shapes are checked again here so a bad call throws
// instead of reading past an array.
#include <napi.h>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>
#include "kernels.h"

using nnlab::Kernels;

namespace {

const Kernels* candidates[3];
int ncandidates = 0;
thread_local const Kernels* K = nullptr;  // this thread's choice (select() switches it, for tests)

// Per-thread scratch: transposed operands and gemm's zero-skipping lists.
thread_local std::vector<float> scratchA, scratchB;
thread_local std::vector<int32_t> scratchLists;

void detect() {
  if (ncandidates) return;
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (nnlab::avx512Kernels() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2")) candidates[ncandidates++] = nnlab::avx512Kernels();
  if (nnlab::avx2Kernels() && __builtin_cpu_supports("avx2")) candidates[ncandidates++] = nnlab::avx2Kernels();
#elif defined(__aarch64__)
  if (nnlab::neonKernels()) candidates[ncandidates++] = nnlab::neonKernels();
#endif
}

bool fail(const Napi::Env& env, const std::string& what) {
  Napi::TypeError::New(env, "nnlab native: " + what).ThrowAsJavaScriptException();
  return false;
}

struct Args {
  const Napi::CallbackInfo& info;
  bool ok = true;
  explicit Args(const Napi::CallbackInfo& i) : info(i) {
    if (!K) ok = fail(i.Env(), "no kernels for this CPU");
  }
  template <class T>
  T* arr(size_t idx, size_t need) {
    if (!ok) return nullptr;
    Napi::Value v = info[idx];
    if (!v.IsTypedArray()) { ok = fail(info.Env(), "argument " + std::to_string(idx) + " must be a typed array"); return nullptr; }
    // napi_get_typedarray_info gives the element pointer for ArrayBuffer- and SharedArrayBuffer-backed
    // arrays alike (a training run's data lives in a SharedArrayBuffer shared by the workers).
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(info.Env(), v, &type, &length, &data, nullptr, nullptr) != napi_ok) {
      ok = fail(info.Env(), "argument " + std::to_string(idx) + ": cannot read the typed array");
      return nullptr;
    }
    const napi_typedarray_type want = sizeof(T) == 8 ? napi_float64_array : std::is_same<T, int32_t>::value ? napi_int32_array : napi_float32_array;
    if (type != want || length < need) {
      ok = fail(info.Env(), "argument " + std::to_string(idx) + " has the wrong type or is too short (" + std::to_string(length) + " < " + std::to_string(need) + ")");
      return nullptr;
    }
    return static_cast<T*>(data);
  }
  int i32(size_t idx) {
    if (!ok) return 0;
    const Napi::Value v = info[idx];
    if (!v.IsNumber()) { ok = fail(info.Env(), "argument " + std::to_string(idx) + " must be a number"); return 0; }
    const int r = v.As<Napi::Number>().Int32Value();
    if (r < 0) { ok = fail(info.Env(), "argument " + std::to_string(idx) + " must be >= 0"); return 0; }
    return r;
  }
  double f64(size_t idx) { return ok ? info[idx].As<Napi::Number>().DoubleValue() : 0; }
  bool flag(size_t idx) { return ok && info[idx].ToBoolean().Value(); }
};

// gemm(a, b, c, m, n, k, transA, transB, accumulate): c = op(a)·op(b) (+ c).
// a is m×k (k×m when transA), b is k×n (n×k when transB), c is m×n.
Napi::Value Gemm(const Napi::CallbackInfo& info) {
  Args g(info);
  const int m = g.i32(3), n = g.i32(4), k = g.i32(5);
  const bool ta = g.flag(6), tb = g.flag(7), acc = g.flag(8);
  const size_t mk = (size_t)m * k, kn = (size_t)k * n, mn = (size_t)m * n;
  const float* a = g.arr<float>(0, mk);
  const float* b = g.arr<float>(1, kn);
  float* c = g.arr<float>(2, mn);
  if (!g.ok || m == 0 || n == 0) return info.Env().Undefined();
  if (ta) {
    if (scratchA.size() < mk) scratchA.resize(mk);
    K->transpose(a, k, m, scratchA.data());
    a = scratchA.data();
  }
  if (tb) {
    if (scratchB.size() < kn) scratchB.resize(kn);
    K->transpose(b, n, k, scratchB.data());
    b = scratchB.data();
  }
  const size_t lists = ((size_t)(m >> 2) + (size_t)(m >> 1)) * ((size_t)k + 1);
  if (scratchLists.size() < lists) scratchLists.resize(lists);
  K->gemm(a, b, c, m, n, k, acc, scratchLists.data());
  return info.Env().Undefined();
}

Napi::Value AddBias(const Napi::CallbackInfo& info) {
  Args g(info);
  const int rows = g.i32(3), cols = g.i32(4);
  const size_t sz = (size_t)rows * cols;
  const float* x = g.arr<float>(0, sz); const float* bias = g.arr<float>(1, cols); float* out = g.arr<float>(2, sz);
  if (g.ok && sz) K->addBias(x, bias, out, rows, cols);
  return info.Env().Undefined();
}

Napi::Value SumRows(const Napi::CallbackInfo& info) {
  Args g(info);
  const int rows = g.i32(2), cols = g.i32(3);
  const bool acc = g.flag(4);
  const float* x = g.arr<float>(0, (size_t)rows * cols); float* out = g.arr<float>(1, cols);
  if (g.ok && cols) K->sumRows(x, out, rows, cols, acc);
  return info.Env().Undefined();
}

Napi::Value Relu(const Napi::CallbackInfo& info) {
  Args g(info);
  const int n = g.i32(2);
  const float* x = g.arr<float>(0, n); float* y = g.arr<float>(1, n);
  if (g.ok) K->relu(x, y, n);
  return info.Env().Undefined();
}

Napi::Value ReluBackward(const Napi::CallbackInfo& info) {
  Args g(info);
  const int n = g.i32(3);
  const float* x = g.arr<float>(0, n); const float* dy = g.arr<float>(1, n); float* dx = g.arr<float>(2, n);
  if (g.ok) K->reluBackward(x, dy, dx, n);
  return info.Env().Undefined();
}

Napi::Value AddBiasRelu(const Napi::CallbackInfo& info) {
  Args g(info);
  const int rows = g.i32(4), cols = g.i32(5);
  const size_t sz = (size_t)rows * cols;
  const float* x = g.arr<float>(0, sz); const float* bias = g.arr<float>(1, cols);
  float* z = g.arr<float>(2, sz); float* y = g.arr<float>(3, sz);
  if (g.ok && sz) K->addBiasRelu(x, bias, z, y, rows, cols);
  return info.Env().Undefined();
}

Napi::Value Sigmoid(const Napi::CallbackInfo& info) {
  Args g(info);
  const int n = g.i32(2);
  const float* x = g.arr<float>(0, n); float* y = g.arr<float>(1, n);
  if (g.ok) K->sigmoid(x, y, n);
  return info.Env().Undefined();
}

Napi::Value SigmoidBackward(const Napi::CallbackInfo& info) {
  Args g(info);
  const int n = g.i32(3);
  const float* y = g.arr<float>(0, n); const float* dy = g.arr<float>(1, n); float* dx = g.arr<float>(2, n);
  if (g.ok) K->sigmoidBackward(y, dy, dx, n);
  return info.Env().Undefined();
}

// softmaxCE(s, labels, g, rows, cols, stats): stats gets each row's max and Σ e^{s−max}.
Napi::Value SoftmaxCE(const Napi::CallbackInfo& info) {
  Args g(info);
  const int rows = g.i32(3), cols = g.i32(4);
  const size_t sz = (size_t)rows * cols;
  const float* s = g.arr<float>(0, sz); const int32_t* labels = g.arr<int32_t>(1, rows);
  float* gr = g.arr<float>(2, sz); double* stats = g.arr<double>(5, 2 * (size_t)rows);
  if (!g.ok) return info.Env().Undefined();
  for (int i = 0; i < rows; i++)
    if (labels[i] < 0 || labels[i] >= cols) { fail(info.Env(), "label out of range"); return info.Env().Undefined(); }
  K->softmaxCE(s, labels, gr, rows, cols, stats);
  return info.Env().Undefined();
}

Napi::Value Sgd(const Napi::CallbackInfo& info) {
  Args g(info);
  const int n = g.i32(2);
  float* t = g.arr<float>(0, n); const float* gr = g.arr<float>(1, n);
  const double lr = g.f64(3);
  if (g.ok) K->sgd(t, gr, n, lr);
  return info.Env().Undefined();
}

Napi::Value Momentum(const Napi::CallbackInfo& info) {
  Args g(info);
  const int n = g.i32(3);
  float* t = g.arr<float>(0, n); const float* gr = g.arr<float>(1, n); float* v = g.arr<float>(2, n);
  const double lr = g.f64(4), mu = g.f64(5);
  const bool nest = g.flag(6);
  if (g.ok) K->momentum(t, gr, v, n, lr, mu, nest);
  return info.Env().Undefined();
}

Napi::Value Adam(const Napi::CallbackInfo& info) {
  Args g(info);
  const int n = g.i32(4);
  float* t = g.arr<float>(0, n); const float* gr = g.arr<float>(1, n); float* m = g.arr<float>(2, n); float* v = g.arr<float>(3, n);
  const double lr = g.f64(5), b1 = g.f64(6), omb1 = g.f64(7), b2 = g.f64(8), omb2 = g.f64(9), c1 = g.f64(10), c2 = g.f64(11), eps = g.f64(12);
  if (g.ok) K->adam(t, gr, m, v, n, lr, b1, omb1, b2, omb2, c1, c2, eps);
  return info.Env().Undefined();
}

// The kernel set in use on this thread ("native-avx512", …), or null when the CPU has none.
Napi::Value Kernelset(const Napi::CallbackInfo& info) {
  return K ? Napi::String::New(info.Env(), K->name) : info.Env().Null();
}

// Every kernel set this CPU can run, widest first.
Napi::Value Available(const Napi::CallbackInfo& info) {
  Napi::Array a = Napi::Array::New(info.Env(), ncandidates);
  for (int i = 0; i < ncandidates; i++) a.Set(i, Napi::String::New(info.Env(), candidates[i]->name));
  return a;
}

// select(name): use that kernel set on this thread (tests compare each with wasm); false if unavailable.
Napi::Value Select(const Napi::CallbackInfo& info) {
  const std::string want = info[0].ToString().Utf8Value();
  for (int i = 0; i < ncandidates; i++)
    if (want == candidates[i]->name) { K = candidates[i]; return Napi::Boolean::New(info.Env(), true); }
  return Napi::Boolean::New(info.Env(), false);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  detect();
  K = ncandidates ? candidates[0] : nullptr;
  exports.Set("kernels", Napi::Function::New(env, Kernelset));
  exports.Set("available", Napi::Function::New(env, Available));
  exports.Set("select", Napi::Function::New(env, Select));
  exports.Set("gemm", Napi::Function::New(env, Gemm));
  exports.Set("addBias", Napi::Function::New(env, AddBias));
  exports.Set("sumRows", Napi::Function::New(env, SumRows));
  exports.Set("relu", Napi::Function::New(env, Relu));
  exports.Set("reluBackward", Napi::Function::New(env, ReluBackward));
  exports.Set("addBiasRelu", Napi::Function::New(env, AddBiasRelu));
  exports.Set("sigmoid", Napi::Function::New(env, Sigmoid));
  exports.Set("sigmoidBackward", Napi::Function::New(env, SigmoidBackward));
  exports.Set("softmaxCE", Napi::Function::New(env, SoftmaxCE));
  exports.Set("sgd", Napi::Function::New(env, Sgd));
  exports.Set("momentum", Napi::Function::New(env, Momentum));
  exports.Set("adam", Napi::Function::New(env, Adam));
  return exports;
}

}  // namespace

NODE_API_MODULE(nnlab_native, Init)
