#!/usr/bin/python3
"""Reference KID, Inception Score and precision/recall/density/coverage for GanML's tests.

Transcribes, with numpy only:
  - prdc 0.2 (Naeem et al.): compute_prdc, Euclidean distances computed exactly in float64;
  - torch-fidelity's KID: the unbiased MMD^2 with the kernel (x.y / d + 1)^3, here on whole sets (one subset as large
    as both sides, so no random choice enters);
  - the Inception Score of the original code and of torch-fidelity with shuffling off: consecutive splits
    [i*N//splits, (i+1)*N//splits), exp(mean KL(p(y|x) || p(y))), mean and population std.

Regenerate with:
  /usr/bin/python3 eng/evaluation/metric_reference.py test/Microsoft.ML.Gan.Tests/Evaluation/metric_reference_cases.json
"""
import json
import sys

import numpy as np


def pairwise_distances(x, y):
    return np.sqrt(((x[:, None, :] - y[None, :, :]) ** 2).sum(axis=-1))


def kth_value(unsorted, k):
    indices = np.argpartition(unsorted, k, axis=-1)[..., :k]
    return np.take_along_axis(unsorted, indices, axis=-1).max(axis=-1)


def compute_prdc(real, fake, nearest_k):
    real_radii = kth_value(pairwise_distances(real, real), nearest_k + 1)
    fake_radii = kth_value(pairwise_distances(fake, fake), nearest_k + 1)
    real_fake = pairwise_distances(real, fake)
    precision = (real_fake < real_radii[:, None]).any(axis=0).mean()
    recall = (real_fake < fake_radii[None, :]).any(axis=1).mean()
    density = (1.0 / nearest_k) * (real_fake < real_radii[:, None]).sum(axis=0).mean()
    coverage = (real_fake.min(axis=1) < real_radii).mean()
    return dict(precision=precision, recall=recall, density=density, coverage=coverage)


def kid_whole_sets(x, y):
    d = x.shape[1]
    m = x.shape[0]
    k_xx = (x @ x.T / d + 1) ** 3
    k_yy = (y @ y.T / d + 1) ** 3
    k_xy = (x @ y.T / d + 1) ** 3
    kt_xx = k_xx.sum() - np.trace(k_xx)
    kt_yy = k_yy.sum() - np.trace(k_yy)
    return (kt_xx + kt_yy) / (m * (m - 1)) - 2 * k_xy.sum() / (m * m)


def inception_score(p, splits):
    n = p.shape[0]
    scores = []
    for i in range(splits):
        part = p[(i * n // splits):((i + 1) * n // splits), :]
        py = part.mean(axis=0, keepdims=True)
        kl = np.where(part > 0, part * (np.log(np.where(part > 0, part, 1)) - np.log(py)), 0).sum(axis=1).mean()
        scores.append(np.exp(kl))
    return float(np.mean(scores)), float(np.std(scores))


def main(path):
    rng = np.random.default_rng(20261125)
    real = rng.standard_normal((200, 6)).astype(np.float32)
    fake = (rng.standard_normal((200, 6)) * 0.8 + 0.3).astype(np.float32)
    real64, fake64 = real.astype(np.float64), fake.astype(np.float64)
    pr = compute_prdc(real64, fake64, 3)
    dc = compute_prdc(real64, fake64, 5)
    logits = rng.standard_normal((205, 7)) * 2
    logits[:, 2] += 1.5
    probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities = (probabilities / probabilities.sum(axis=1, keepdims=True)).astype(np.float32)
    mean, std = inception_score(probabilities.astype(np.float64), 10)
    result = {
        "generator": "eng/evaluation/metric_reference.py",
        "dimension": 6,
        "real": [float(v) for v in real.ravel()],
        "generated": [float(v) for v in fake.ravel()],
        "precision_k3": float(pr["precision"]), "recall_k3": float(pr["recall"]),
        "density_k5": float(dc["density"]), "coverage_k5": float(dc["coverage"]),
        "kid_whole_sets": float(kid_whole_sets(real64, fake64)),
        "classes": 7,
        "probabilities": [float(v) for v in probabilities.ravel()],
        "inception_score_10_splits": [mean, std],
    }
    with open(path, "w") as f:
        json.dump(result, f)
    print({k: v for k, v in result.items() if k not in ("real", "generated", "probabilities")})


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1])
