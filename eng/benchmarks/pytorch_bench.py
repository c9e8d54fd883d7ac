#!/usr/bin/env python3
"""Issue 8's workloads B1-B3 as plain PyTorch programs, for the ratios in docs/BENCHMARKS.md.

Same networks, losses, optimiser, batch size, initialisation scheme and data as eng/benchmarks/GanML.Benchmarks (the
plain TorchSharp loop): rows mapped to [-1, 1] as the trainer maps them, weights, row order and noise drawn from one
seeded generator in the same order.

    python3 pytorch_bench.py --runs 3 --grid grid.f32 --out pytorch.json     # timings (wall and CPU seconds per run)
    python3 pytorch_bench.py --memory 20                                       # B1 x 20 epochs, RSS per epoch
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = 1


def memory_mib():
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def loaded_blas():
    """The BLAS/LAPACK shared libraries mapped into this process (the one actually used, not the one configured)."""
    libraries = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            name = os.path.basename(path)
            if "blas" in name or "lapack" in name:
                libraries.add(os.path.realpath(path))
    return sorted(libraries)


def mnist_pixels():
    with gzip.open(os.path.join(ROOT, "data", "mnist-10k", "images-idx3-ubyte.gz"), "rb") as file:
        magic, count, rows, cols = struct.unpack(">IIII", file.read(16))
        assert magic == 0x803
        pixels = np.frombuffer(file.read(count * rows * cols), dtype=np.uint8).reshape(count, rows * cols)
    return pixels.astype(np.float32) / np.float32(255)


def scale(values, shared):
    """The trainer's map to [-1, 1]: centre (min + max) / 2, half-range (max - min) / 2, constant slots to 0."""
    low = values.min(axis=0).astype(np.float64)
    high = values.max(axis=0).astype(np.float64)
    if shared:
        low[:] = low.min()
        high[:] = high.max()
    centre = ((low + high) / 2).astype(np.float32)
    half = ((high - low) / 2).astype(np.float32)
    safe = np.where(half > 0, half, np.float32(1))
    return torch.from_numpy(np.where(half > 0, (values - centre) / safe, np.float32(0)).astype(np.float32))


def mlp(inputs, hidden, outputs, activation, last=None):
    layers, width = [], inputs
    for h in hidden:
        layers += [nn.Linear(width, h), activation()]
        width = h
    layers.append(nn.Linear(width, outputs))
    if last is not None:
        layers.append(last)
    return nn.Sequential(*layers)


def init_linear(module, generator):
    with torch.no_grad():
        for layer in module.modules():
            if isinstance(layer, nn.Linear):
                bound = 1.0 / layer.in_features ** 0.5
                layer.weight.copy_(torch.rand(layer.weight.shape, generator=generator) * (2 * bound) - bound)
                layer.bias.copy_(torch.rand(layer.bias.shape, generator=generator) * (2 * bound) - bound)


def init_dcgan(module, generator):
    with torch.no_grad():
        for layer in module.modules():
            if isinstance(layer, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear, nn.BatchNorm1d, nn.BatchNorm2d)):
                mean = 1.0 if isinstance(layer, (nn.BatchNorm1d, nn.BatchNorm2d)) else 0.0
                layer.weight.copy_(torch.randn(layer.weight.shape, generator=generator) * 0.02 + mean)
                layer.bias.zero_()


def build(workload, dimension, generator):
    if workload == "B1":
        g = mlp(64, [256, 512], dimension, lambda: nn.LeakyReLU(0.2), nn.Tanh())
        d = mlp(dimension, [512, 256], 1, lambda: nn.LeakyReLU(0.2))
        init_linear(g, generator)
        init_linear(d, generator)
        return g, d, dict(latent=64, batch=64, critic=1, lr=2e-4, betas=(0.5, 0.999), wgan=False, images=False)
    if workload == "B2":
        g = nn.Sequential(
            nn.Linear(100, 128 * 7 * 7), nn.BatchNorm1d(128 * 7 * 7), nn.ReLU(), nn.Unflatten(1, (128, 7, 7)),
            nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Tanh())
        d = nn.Sequential(
            nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(64, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
        init_dcgan(g, generator)
        init_dcgan(d, generator)
        return g, d, dict(latent=100, batch=64, critic=1, lr=2e-4, betas=(0.5, 0.999), wgan=False, images=True)
    g = mlp(2, [512, 512, 512], dimension, nn.ReLU)
    d = mlp(dimension, [512, 512, 512], 1, nn.ReLU)
    init_linear(g, generator)
    init_linear(d, generator)
    return g, d, dict(latent=2, batch=256, critic=5, lr=1e-4, betas=(0.5, 0.9), wgan=True, images=False)


def train(workload, data, epochs=1, after_epoch=None):
    generator = torch.Generator().manual_seed(SEED)
    g, d, p = build(workload, data.shape[1], generator)
    g_opt = torch.optim.Adam(g.parameters(), lr=p["lr"], betas=p["betas"])
    d_opt = torch.optim.Adam(d.parameters(), lr=p["lr"], betas=p["betas"])
    d_params = list(d.parameters())
    n, batch = data.shape[0], p["batch"]
    ones, zeros = torch.ones(batch), torch.zeros(batch)
    view = (lambda x: x.view(-1, 1, 28, 28)) if p["images"] else (lambda x: x)
    steps, last = 0, None
    for epoch in range(epochs):
        order = torch.randperm(n, generator=generator)
        d_losses, g_losses = [], []
        for b in range(n // batch):
            real = data.index_select(0, order.narrow(0, b * batch, batch))
            with torch.no_grad():
                fake = g(torch.randn(batch, p["latent"], generator=generator))
            if p["images"]:
                real_scores, fake_scores = d(view(real)).squeeze(1), d(fake).squeeze(1)
            else:
                scores = d(torch.cat([real, fake])).squeeze(1)
                real_scores, fake_scores = scores[:batch], scores[batch:]
            if p["wgan"]:
                alpha = torch.rand(batch, 1, generator=generator)
                interpolates = (fake + alpha * (real - fake)).detach().requires_grad_(True)
                critic = d(interpolates)
                gradients, = torch.autograd.grad(critic.sum(), interpolates, create_graph=True)
                loss = fake_scores.mean() - real_scores.mean() + 10 * ((gradients.norm(dim=1) - 1) ** 2).mean()
            else:
                loss = F.binary_cross_entropy_with_logits(real_scores, ones) + F.binary_cross_entropy_with_logits(fake_scores, zeros)
            d_opt.zero_grad()
            loss.backward()
            d_opt.step()
            d_losses.append(loss.detach())
            steps += 1
            if steps % p["critic"] == 0:
                for parameter in d_params:
                    parameter.requires_grad_(False)
                scores = d(g(torch.randn(batch, p["latent"], generator=generator))).squeeze(1)
                g_loss = -scores.mean() if p["wgan"] else F.binary_cross_entropy_with_logits(scores, ones)
                g_opt.zero_grad()
                g_loss.backward()
                g_opt.step()
                for parameter in d_params:
                    parameter.requires_grad_(True)
                g_losses.append(g_loss.detach())
        last = (torch.stack(d_losses).mean().item(), torch.stack(g_losses).mean().item())
        if after_epoch is not None:
            after_epoch(epoch + 1)
    return last


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workloads", default="B1,B2,B3")
    parser.add_argument("--grid", help="B3's rows, written by GanML.Benchmarks --write-grid")
    parser.add_argument("--quick", action="store_true", help="a few batches per workload (the harness's --quick)")
    parser.add_argument("--memory", type=int, help="train B1 for this many epochs and print the RSS after each")
    parser.add_argument("--out", help="JSON file for the timings")
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="torch threads (set OPENBLAS_NUM_THREADS to the same value in the environment)")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    pixels = mnist_pixels()
    blas = loaded_blas()
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, BLAS libraries loaded: {', '.join(blas) or 'none'}", file=sys.stderr)
    if any("/blas/" in path for path in blas):
        print("WARNING: the reference BLAS is active (about 20x slower); select OpenBLAS with update-alternatives.", file=sys.stderr)

    if args.memory:
        data = scale(pixels, shared=False)
        print(f"B1 x {args.memory} epochs, PyTorch {torch.__version__}: RSS {memory_mib()[0]:.0f} MiB before training\n")
        print("| Epoch | RSS, MiB | Peak RSS (VmHWM), MiB | Epoch, s |\n|---|---|---|---|")
        clock = [time.perf_counter()]

        def report(epoch):
            rss, peak = memory_mib()
            print(f"| {epoch} | {rss:.0f} | {peak:.0f} | {time.perf_counter() - clock[0]:.2f} |", flush=True)
            clock[0] = time.perf_counter()

        train("B1", data, epochs=args.memory, after_epoch=report)
        return

    datasets = {"B1": scale(pixels, shared=False), "B2": scale(pixels, shared=True)}
    if args.grid:
        datasets["B3"] = scale(np.fromfile(args.grid, dtype="<f4").reshape(-1, 2), shared=False)
    if args.quick:
        datasets = {"B1": datasets["B1"][:1280], "B2": datasets["B2"][:640], **({"B3": datasets["B3"][:25600]} if "B3" in datasets else {})}
    results = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas}
    for workload in args.workloads.split(","):
        if workload not in datasets:
            continue
        warm = datasets[workload][: (256 * 5 * 2 if workload == "B3" else 128)]
        train(workload, warm)
        times, cpu_times = [], []
        for run in range(args.runs):
            start, cpu = time.perf_counter(), time.process_time()
            losses = train(workload, datasets[workload])
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu)
            print(f"{workload} run {run + 1} PyTorch {times[-1]:.2f} s, last epoch D {losses[0]:.5g} G {losses[1]:.5g}", file=sys.stderr)
        results[workload] = times
        results[workload + "_cpu"] = cpu_times
    results["peak_rss_mib"] = memory_mib()[1]
    text = json.dumps(results, indent=1)
    if args.out:
        with open(args.out, "w") as file:
            file.write(text)
    print(text)


if __name__ == "__main__":
    main()
