using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>
/// How a <see cref="GeneratedImageTransformer"/> takes part in <c>mlContext.Model.Save</c> and <c>Load</c>: one small
/// binary stream under ML.NET's versioned header, and a loader registered in the context's component catalog.
/// </summary>
internal static class GeneratedImagePersistence
{
    public const string PayloadStreamName = "GeneratedImage.bin";

    // In the core, which also registers a loader naming this package when the application lacks it.
    public static MLNetModelBridge.ModelFormat Format => GeneratedImageFormat.Format;

    public static void Save(ModelSaveContext context, GeneratedImageTransformer transformer) =>
        MLNetModelBridge.Save(context, Format, new Dictionary<string, Action<Stream>>
        {
            [PayloadStreamName] = stream =>
            {
                using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
                var shape = transformer.Shape;
                writer.Write(transformer.OutputColumnName);
                writer.Write(transformer.InputColumnName);
                writer.Write(shape.Width);
                writer.Write(shape.Height);
                writer.Write(shape.Channels);
                writer.Write(shape.ScaleImage);
                writer.Write(shape.OffsetImage);
                writer.Write(shape.Interleaved);
                writer.Write((byte)shape.Order);
            },
        });

    /// <summary>Lets <paramref name="env"/> load image transformers; idempotent.</summary>
    public static void RegisterLoader(IHostEnvironment env) =>
        MLNetModelBridge.RegisterLoader(env, Format, (_, read) => read.ReadBinaryStream(PayloadStreamName, stream =>
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            try
            {
                var output = reader.ReadString();
                var input = reader.ReadString();
                var shape = new ImageShape(
                    width: reader.ReadInt32(),
                    height: reader.ReadInt32(),
                    channels: reader.ReadInt32(),
                    scaleImage: reader.ReadSingle(),
                    offsetImage: reader.ReadSingle(),
                    interleaved: reader.ReadBoolean(),
                    order: (ImageColorOrder)reader.ReadByte());
                return new GeneratedImageTransformer(output, input, shape);
            }
            catch (Exception e) when (e is EndOfStreamException or ArgumentException)
            {
                throw new FormatException($"The saved image transformer in '{read.Directory}/' is corrupt: {e.Message}", e);
            }
        }));
}
