#!/usr/bin/env python3
"""PyTorch reference for `npm run bench:gemm`: GFLOP/s of each product, with the operands
stored as the engine stores them (a transposed operand is a transposed view, which BLAS takes
as a flag), on `threads` threads. Prints one JSON line.

Usage: /usr/bin/python3 bench/python/torch_gemm_speed.py '{"shapes":[{"m":512,"n":384,"k":128,"transA":false,"transB":false,"bias":true}],"warmup":3,"samples":11,"threads":1}'
"""
import json
import sys
import time

import torch

from torch_train_speed import blas_library


def median_seconds(fn, warmup, samples):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def main():
    job = json.loads(sys.argv[1])
    torch.set_num_threads(job["threads"])
    torch.manual_seed(0)
    results = []
    with torch.no_grad():
        for s in job["shapes"]:
            m, n, k = s["m"], s["n"], s["k"]
            a = torch.randn(k, m).t() if s["transA"] else torch.randn(m, k)
            b = torch.randn(n, k).t() if s["transB"] else torch.randn(k, n)
            bias = torch.randn(n) if s["bias"] else None
            fn = (lambda: torch.addmm(bias, a, b)) if bias is not None else (lambda: torch.mm(a, b))
            seconds = median_seconds(fn, job["warmup"], job["samples"])
            results.append(2 * m * n * k / seconds / 1e9)
    print(json.dumps({"gflops": results, "threads": torch.get_num_threads(), "torch": torch.__version__, "blas": blas_library()}))


if __name__ == "__main__":
    main()
