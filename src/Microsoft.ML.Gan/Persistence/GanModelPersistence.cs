using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// How a <see cref="GanTransformer"/> takes part in <c>mlContext.Model.Save</c> and <c>Load</c>: one binary stream
/// (<see cref="GanModelFormat"/>) under ML.NET's versioned header, and a loader that <c>mlContext.Gan()</c> registers in
/// the context's component catalog.
/// </summary>
internal static class GanModelPersistence
{
    public const string PayloadStreamName = "GanModel.bin";

    /// <summary>The ML.NET header of a saved GAN (its payload has its own format version too).</summary>
    public static readonly MLNetModelBridge.ModelFormat Format = new(
        modelSignature: "GANMLGAN",
        version: 0x00010001,
        versionReadable: 0x00010001,
        versionWeCanReadBack: 0x00010001,
        loaderSignature: "GanTransformer",
        loaderAssemblyName: typeof(GanTransformer).Assembly.GetName().Name);

    public static void Save(ModelSaveContext context, GanModel model) =>
        MLNetModelBridge.Save(context, Format, new Dictionary<string, Action<Stream>>
        {
            [PayloadStreamName] = stream => GanModelFormat.Write(stream, model),
        });

    /// <summary>
    /// Lets <paramref name="env"/> load GAN models; idempotent. Loaded models go to the device that
    /// <paramref name="selectDevice"/> picks (the context's <see cref="MLContext.GpuDeviceId"/> and <see cref="MLContext.FallbackToCpu"/>).
    /// </summary>
    public static void RegisterLoader(IHostEnvironment env, Func<IChannel, Device> selectDevice) =>
        MLNetModelBridge.RegisterLoader(env, Format, (environment, read) => read.ReadBinaryStream(PayloadStreamName, stream =>
        {
            using var channel = environment.Register(nameof(GanTransformer)).Start("Loading");
            return new GanTransformer(GanModelFormat.Read(stream, selectDevice(channel)));
        }));
}
