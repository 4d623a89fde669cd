{
  "targets": [
    {
      "target_name": "nnlab_native",
      "sources": ["native/addon.cc", "native/avx512.cc", "native/avx2.cc", "native/neon.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-O3", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno", "-Wno-psabi"],
      "cflags": ["-O3", "-ffp-contract=off", "-fno-fast-math"]
    }
  ]
}
