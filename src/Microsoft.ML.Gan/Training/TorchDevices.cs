using System;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>Chooses the device from <see cref="MLContext.GpuDeviceId"/> and <see cref="MLContext.FallbackToCpu"/>, as ML.NET's own TorchSharp trainers do.</summary>
internal static class TorchDevices
{
    public static Device Select(MLContext context, IChannel channel) => Select(context.GpuDeviceId, context.FallbackToCpu, channel);

    public static Device Select(int? gpuDeviceId, bool fallbackToCpu, IChannel channel)
    {
        if (gpuDeviceId is not int gpu)
        {
            return CPU;
        }

        if (cuda.is_available() && gpu >= 0 && gpu < cuda.device_count())
        {
            return new Device(DeviceType.CUDA, gpu);
        }

        if (fallbackToCpu)
        {
            channel.Warning(MessageSensitivity.None, $"GPU device {gpu} was requested but CUDA is not available to TorchSharp; training on the CPU because MLContext.FallbackToCpu is set.");
            return CPU;
        }

        throw new InvalidOperationException(
            $"GPU device {gpu} was requested through MLContext.GpuDeviceId but CUDA is not available to TorchSharp. " +
            "Reference a CUDA build of libtorch, or set MLContext.FallbackToCpu to train on the CPU.");
    }
}
