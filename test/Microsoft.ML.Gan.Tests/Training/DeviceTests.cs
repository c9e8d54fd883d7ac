using System;
using System.Collections.Generic;
using FluentAssertions;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>
/// Device choice follows <see cref="MLContext.GpuDeviceId"/> and <see cref="MLContext.FallbackToCpu"/>. These machines have
/// no CUDA, which is exactly what these tests need: a requested GPU must fall back or fail clearly.
/// </summary>
public sealed class DeviceTests
{
    [Fact]
    public void Requested_GPU_without_CUDA_falls_back_to_the_CPU_with_a_warning_when_allowed()
    {
        var mlContext = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = true };
        var messages = new List<string>();
        mlContext.Log += (_, e) => { lock (messages) { messages.Add(e.Message); } };

        using var model = mlContext.Gan().Trainer(TinyGan.Options(epochs: 1)).Fit(RingMixture.Create(mlContext, rows: 128, seed: 1));

        model.TrainingHistory.Should().HaveCount(1);
        messages.Should().Contain(m => m.Contains("GPU device 0 was requested but CUDA is not available") && m.Contains("training on the CPU"));
    }

    [Fact]
    public void Requested_GPU_without_CUDA_fails_clearly_when_fallback_is_off()
    {
        var mlContext = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };

        var fit = () => mlContext.Gan().Trainer(TinyGan.Options(epochs: 1)).Fit(RingMixture.Create(mlContext, rows: 128, seed: 1));

        fit.Should().Throw<InvalidOperationException>()
            .WithMessage("GPU device 0 was requested through MLContext.GpuDeviceId but CUDA is not available to TorchSharp*FallbackToCpu*");
    }
}
