using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// A fitted CycleGAN, as an ML.NET transformer that translates images between its two domains.
/// </summary>
/// <remarks>
/// <para><see cref="Transform"/> reads the image column (<see cref="FeatureColumnName"/>) and adds its A→B translation
/// (<see cref="TranslatedToBColumnName"/>) and, when the model was trained with a B→A column name, its B→A translation
/// (<see cref="TranslatedToAColumnName"/>). Each output row depends only on its input row, in the units of the target
/// domain's training data. Save and load it with <c>mlContext.Model.Save</c> and <c>Load</c> (call
/// <c>mlContext.Gan()</c> once before loading). It holds native TorchSharp memory: dispose it when done.</para>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and role</description></listheader>
/// <item><term><see cref="FeatureColumnName"/> (input)</term><description>Known-size vector of Single with C·S·S slots.</description></item>
/// <item><term><see cref="TranslatedToBColumnName"/> (output)</term><description>Vector of Single (C × S × S): the A→B translation.</description></item>
/// <item><term><see cref="TranslatedToAColumnName"/> (optional output)</term><description>Vector of Single (C × S × S): the B→A translation.</description></item>
/// </list>
/// </remarks>
public sealed class CycleGanTransformer : ITransformer, IDisposable
{
    private readonly ImageTranslator _aToB;
    private readonly ImageTranslator _bToA;
    private bool _disposed;

    internal CycleGanTransformer(CycleGanModel model)
    {
        Model = model;
        _aToB = new ImageTranslator(model.AToB, model.ScalingA, model.ScalingB, model.Device);
        _bToA = new ImageTranslator(model.BToA, model.ScalingB, model.ScalingA, model.Device);
    }

    internal CycleGanModel Model { get; }

    /// <summary>The image column that is translated.</summary>
    public string FeatureColumnName => Model.Settings.FeatureColumnName;

    /// <summary>The column with the A→B translation.</summary>
    public string TranslatedToBColumnName => Model.Settings.TranslatedToBColumnName;

    /// <summary>The column with the B→A translation, or <see langword="null"/> when the model adds none.</summary>
    public string? TranslatedToAColumnName => Model.Settings.TranslatedToAColumnName;

    /// <summary>Side in pixels of the square images.</summary>
    public int ImageSize => Model.Settings.ImageSize;

    /// <summary>Channels of the images.</summary>
    public int ImageChannels => Model.Settings.ImageChannels;

    /// <summary>One summary per training epoch.</summary>
    public IReadOnlyList<CycleGanEpochSummary> TrainingHistory => Model.History;

    /// <summary>Always <see langword="true"/>: each output row depends only on its input row.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema plus the translation columns; checks the image column.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    /// <returns>The schema of <see cref="Transform"/>'s result.</returns>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => CreateMapper(inputSchema).OutputSchema;

    /// <summary>The row-to-row mapper used by <c>PredictionEngine</c> and pipelines.</summary>
    /// <param name="inputSchema">The schema of the input rows.</param>
    /// <returns>A mapper that adds the translation columns.</returns>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => CreateMapper(inputSchema);

    /// <summary>Adds the translation columns to <paramref name="input"/>; lazy: each row is translated when a cursor reads it.</summary>
    /// <param name="input">Data with the image column.</param>
    /// <returns>The input columns plus the translations.</returns>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, CreateMapper(input.Schema), splittable: true);
    }

    /// <summary>
    /// Writes the translators as an ONNX model (opset 17) that ONNX Runtime, or ML.NET's <c>ApplyOnnxModel</c>, runs
    /// without TorchSharp or libtorch and that computes what <see cref="Transform"/> adds: input
    /// <see cref="FeatureColumnName"/> of shape (N, C·S·S), flat channel-major images in the source domain's units;
    /// output <see cref="TranslatedToBColumnName"/> (and <see cref="TranslatedToAColumnName"/> when the model has one),
    /// shape (N, C·S·S), in the target domain's units. Each domain's scaling is part of the graph.
    /// </summary>
    /// <param name="stream">Where to write the model; left open.</param>
    public void ExportToOnnx(Stream stream)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(stream);
        OnnxModelWriter.Write(Model, stream);
    }

    /// <summary>Writes the translators as an ONNX model to the file <paramref name="path"/>; see <see cref="ExportToOnnx(Stream)"/>.</summary>
    /// <param name="path">The file to create or overwrite (by convention ending in <c>.onnx</c>).</param>
    public void ExportToOnnx(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        OnnxModelWriter.WriteFile(path, ExportToOnnx);
    }

    /// <summary>Called by <c>mlContext.Model.Save</c>: writes the settings, scalings, history and both generators.</summary>
    /// <param name="ctx">ML.NET's save context.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CycleGanPersistence.Save(ctx, Model);
    }

    /// <summary>Releases the generators' native memory.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _aToB.Dispose();
            _bToA.Dispose();
            Model.Dispose();
        }
    }

    private CycleGanRowMapper CreateMapper(DataViewSchema inputSchema)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new CycleGanRowMapper(inputSchema, Model.Settings, _aToB, _bToA);
    }
}
