using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// How a <see cref="CycleGanTransformer"/> takes part in <c>mlContext.Model.Save</c> and <c>Load</c>: one binary stream in
/// the GAN model format (<see cref="GanModelFormat"/>'s envelope: JSON metadata, named tensors, checksum) under ML.NET's
/// versioned header, and a loader that <c>mlContext.Gan()</c> registers.
/// </summary>
internal static class CycleGanPersistence
{
    public const string PayloadStreamName = "CycleGanModel.bin";

    public static readonly MLNetModelBridge.ModelFormat Format = new(
        modelSignature: "GANMLCYC",
        version: 0x00010001,
        versionReadable: 0x00010001,
        versionWeCanReadBack: 0x00010001,
        loaderSignature: "CycleGanTransformer",
        loaderAssemblyName: typeof(CycleGanTransformer).Assembly.GetName().Name);

    public static void Save(ModelSaveContext context, CycleGanModel model) =>
        MLNetModelBridge.Save(context, Format, new Dictionary<string, Action<Stream>>
        {
            [PayloadStreamName] = stream => Write(stream, model),
        });

    public static void Write(Stream stream, CycleGanModel model) =>
        GanModelFormat.WritePayload(stream, Metadata.From(model),
            GanModelFormat.Named("a_to_b", model.AToB).Concat(GanModelFormat.Named("b_to_a", model.BToA)));

    public static CycleGanModel Read(Stream stream, Device device) =>
        GanModelFormat.ReadPayload<Metadata, CycleGanModel>(stream, (metadata, tensors) => metadata.ToModel(tensors, device));

    /// <summary>Lets <paramref name="env"/> load CycleGAN models onto the device <paramref name="selectDevice"/> picks; idempotent.</summary>
    public static void RegisterLoader(IHostEnvironment env, Func<IChannel, Device> selectDevice) =>
        MLNetModelBridge.RegisterLoader(env, Format, (environment, read) => read.ReadBinaryStream(PayloadStreamName, stream =>
        {
            using var channel = environment.Register(nameof(CycleGanTransformer)).Start("Loading");
            return new CycleGanTransformer(Read(stream, selectDevice(channel)));
        }));

    /// <summary>Everything but the tensors, as JSON.</summary>
    private sealed record Metadata
    {
        public required CycleGanSettings Settings { get; init; }

        public required float[] ScalingACenter { get; init; }

        public required float[] ScalingAHalfRange { get; init; }

        public required float[] ScalingBCenter { get; init; }

        public required float[] ScalingBHalfRange { get; init; }

        public required int TrainingSeed { get; init; }

        public required CycleGanEpochSummary[] History { get; init; }

        public static Metadata From(CycleGanModel model) => new()
        {
            Settings = model.Settings,
            ScalingACenter = model.ScalingA.Center,
            ScalingAHalfRange = model.ScalingA.HalfRange,
            ScalingBCenter = model.ScalingB.Center,
            ScalingBHalfRange = model.ScalingB.HalfRange,
            TrainingSeed = model.TrainingSeed,
            History = [.. model.History],
        };

        public CycleGanModel ToModel(Dictionary<string, Tensor> tensors, Device device)
        {
            foreach (var scaling in new[] { ScalingACenter, ScalingAHalfRange, ScalingBCenter, ScalingBHalfRange })
            {
                if (scaling.Length != Settings.ImageLength)
                {
                    throw GanModelFormat.Invalid($"a pixel scaling has {scaling.Length} slots for images of {Settings.ImageLength} values");
                }
            }

            var aToB = GanModelFormat.Load(Settings.CreateGenerator(), "a_to_b", tensors).to(device);
            var bToA = GanModelFormat.Load(Settings.CreateGenerator(), "b_to_a", tensors).to(device);
            return new CycleGanModel
            {
                Settings = Settings,
                ScalingA = new FeatureScaling(ScalingACenter, ScalingAHalfRange),
                ScalingB = new FeatureScaling(ScalingBCenter, ScalingBHalfRange),
                AToB = aToB,
                BToA = bToA,
                TrainingSeed = TrainingSeed,
                History = History,
                Device = device,
            };
        }
    }
}
