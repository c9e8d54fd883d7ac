#!/usr/bin/python3
"""Reference FID for GanML: pytorch-fid's calculate_frechet_distance with scipy.linalg.sqrtm, exactly.

Two modes:

  fid_reference.py testdata OUT.json
      Writes seeded feature sets and their reference FIDs to OUT.json; the test FrechetReferenceTests reads it.
      Regenerate with: /usr/bin/python3 eng/evaluation/fid_reference.py testdata test/Microsoft.ML.Gan.Tests/Evaluation/fid_reference_cases.json

  fid_reference.py benchmark FOLDER [ROWS] [DIMENSION]
      Writes FOLDER/real.f32 and FOLDER/generated.f32 (ROWS x DIMENSION float32, little-endian, row-major; default
      10000 x 2048), times the pytorch-fid route on them (numpy mean/cov + calculate_frechet_distance) and prints the FID.
      Then time GanML on the same files:
      dotnet run --project src/Microsoft.ML.Gan.Samples -c Release -- fid --real FOLDER/real.f32 --generated FOLDER/generated.f32 --dimension 2048

Needs python3-numpy and python3-scipy (Debian packages; run with /usr/bin/python3 if another python3 comes first). Statistics are computed in float64 from the float32 features,
as GanML does (pytorch-fid takes the mean in float32; torch-fidelity and the FID definition use float64).
"""
import json
import sys
import time

import numpy as np
from scipy import linalg


def calculate_frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    """pytorch-fid 0.3.0, src/pytorch_fid/fid_score.py, unchanged apart from returning whether the offset was used."""
    mu1 = np.atleast_1d(mu1)
    mu2 = np.atleast_1d(mu2)

    sigma1 = np.atleast_2d(sigma1)
    sigma2 = np.atleast_2d(sigma2)

    assert mu1.shape == mu2.shape, "Training and test mean vectors have different lengths"
    assert sigma1.shape == sigma2.shape, "Training and test covariances have different dimensions"

    diff = mu1 - mu2

    # Product might be almost singular
    covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    offset_used = False
    if not np.isfinite(covmean).all():
        offset_used = True
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))

    # Numerical error might give slight imaginary component
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            m = np.max(np.abs(covmean.imag))
            raise ValueError("Imaginary component {}".format(m))
        covmean = covmean.real

    tr_covmean = np.trace(covmean)

    return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * tr_covmean, offset_used


def statistics(features):
    act = features.astype(np.float64)
    return np.mean(act, axis=0), np.cov(act, rowvar=False)


def fid(real, generated):
    mu1, sigma1 = statistics(real)
    mu2, sigma2 = statistics(generated)
    return calculate_frechet_distance(mu1, sigma1, mu2, sigma2)


def correlated(rng, rows, dimension, shift):
    """ReLU of correlated Gaussians: non-negative, skewed and correlated, like CNN pool features."""
    mixing = rng.standard_normal((dimension, dimension)) / np.sqrt(dimension)
    return np.maximum(rng.standard_normal((rows, dimension)) @ mixing + shift, 0).astype(np.float32)


def testdata(path):
    rng = np.random.default_rng(20261124)
    cases = []

    def add(name, real, generated):
        value, offset_used = fid(real, generated)
        cases.append({
            "name": name,
            "rows": [int(real.shape[0]), int(generated.shape[0])],
            "dimension": int(real.shape[1]),
            "fid": float(value),
            "offset_used": bool(offset_used),
            # repr of a float32 widened to double parses back to the same float32.
            "real": [float(v) for v in real.ravel()],
            "generated": [float(v) for v in generated.ravel()],
        })

    add("shifted gaussians", rng.standard_normal((300, 8)).astype(np.float32),
        (rng.standard_normal((250, 8)) * 1.5 + 0.3).astype(np.float32))
    add("correlated relu features", correlated(rng, 400, 24, 0.1), correlated(rng, 350, 24, 0.3))
    add("fewer rows than dimensions", rng.standard_normal((20, 40)).astype(np.float32),
        (rng.standard_normal((25, 40)) + 0.5).astype(np.float32))
    add("nearly equal sets", correlated(rng, 500, 16, 0.2), correlated(rng, 500, 16, 0.2))
    # Constant features: the same on both sides (Σ₁Σ₂ still has a square root), then different ones (it has none, so
    # sqrtm is not finite and the reference retries with the 1e-6 offset).
    real, generated = rng.standard_normal((200, 12)).astype(np.float32), (rng.standard_normal((220, 12)) + 0.2).astype(np.float32)
    real[:, 3], generated[:, 3] = 0, 0.5
    add("same constant feature", real, generated)
    real, generated = real.copy(), generated.copy()
    generated[:, 3] = rng.standard_normal(220).astype(np.float32)
    generated[:, 7] = 0
    add("different constant features", real, generated)
    with open(path, "w") as f:
        json.dump({"generator": "eng/evaluation/fid_reference.py testdata", "cases": cases}, f)
    for case in cases:
        print(f"{case['name']}: FID {case['fid']!r} (offset used: {case['offset_used']})")


def benchmark(folder, rows, dimension):
    rng = np.random.default_rng(7)
    real = correlated(rng, rows, dimension, 0.0)
    generated = correlated(rng, rows, dimension, 0.05)
    real.tofile(f"{folder}/real.f32")
    generated.tofile(f"{folder}/generated.f32")
    start = time.perf_counter()
    mu1, sigma1 = statistics(real)
    mu2, sigma2 = statistics(generated)
    statistics_seconds = time.perf_counter() - start
    start = time.perf_counter()
    value, offset_used = calculate_frechet_distance(mu1, sigma1, mu2, sigma2)
    distance_seconds = time.perf_counter() - start
    # Again on the same statistics, as the GanML side does (its first call pays one-off costs of the process).
    repeats = []
    for _ in range(3):
        start = time.perf_counter()
        calculate_frechet_distance(mu1, sigma1, mu2, sigma2)
        repeats.append(time.perf_counter() - start)
    print(f"numpy {np.__version__}, scipy {__import__('scipy').__version__}")
    print(f"FID {value!r} (offset used: {offset_used})")
    print(f"statistics (mean + cov, both sides): {statistics_seconds:.2f} s")
    print(f"calculate_frechet_distance (sqrtm): {distance_seconds:.2f} s")
    print(f"calculate_frechet_distance again (median of 3): {sorted(repeats)[1]:.2f} s")
    print(f"total: {statistics_seconds + distance_seconds:.2f} s")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "testdata":
        testdata(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "benchmark":
        benchmark(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 10000, int(sys.argv[4]) if len(sys.argv) > 4 else 2048)
    else:
        print(__doc__)
        sys.exit(2)
