using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// Adds a fitted CycleGAN's translation columns to each input row: the A→B translation of the image column, and the
/// B→A one when the model has that column. Each output depends only on its own row.
/// </summary>
internal sealed class CycleGanRowMapper : IRowToRowMapper
{
    private readonly ImageTranslator _aToB;
    private readonly ImageTranslator _bToA;

    public CycleGanRowMapper(DataViewSchema inputSchema, CycleGanSettings settings, ImageTranslator aToB, ImageTranslator bToA)
    {
        InputSchema = inputSchema;
        _aToB = aToB;
        _bToA = bToA;
        FeatureColumn = SchemaChecks.FeatureColumn(inputSchema, settings.FeatureColumnName, nameof(inputSchema));
        var size = ((VectorDataViewType)FeatureColumn.Type).Size;
        if (size != settings.ImageLength)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Schema mismatch for feature column '{settings.FeatureColumnName}': expected a vector of {settings.ImageLength} slots " +
                $"({settings.ImageChannels}×{settings.ImageSize}×{settings.ImageSize} images, the model's), got {size}.");
        }

        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        var imageType = new VectorDataViewType(NumberDataViewType.Single, settings.ImageChannels, settings.ImageSize, settings.ImageSize);
        builder.AddColumn(settings.TranslatedToBColumnName, imageType);
        if (settings.TranslatedToAColumnName is { } toA)
        {
            builder.AddColumn(toA, imageType);
        }

        OutputSchema = builder.ToSchema();
        ToBColumn = OutputSchema[inputSchema.Count];
        ToAColumn = settings.TranslatedToAColumnName is null ? null : OutputSchema[inputSchema.Count + 1];
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public DataViewSchema.Column FeatureColumn { get; }

    public DataViewSchema.Column ToBColumn { get; }

    public DataViewSchema.Column? ToAColumn { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        AddedColumnsRow.Dependencies(InputSchema, FeatureColumn, dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new AddedColumnsRow(OutputSchema, input, activeColumns, (row, column) => CreateGetter(row, column));

    /// <summary>The getter of a translation column over <paramref name="input"/>: translates each row once, when first read.</summary>
    internal ValueGetter<VBuffer<float>> CreateGetter(DataViewRow input, DataViewSchema.Column output)
    {
        var translator = output.Index == ToBColumn.Index ? _aToB : _bToA;
        var features = input.GetGetter<VBuffer<float>>(FeatureColumn);
        var buffer = default(VBuffer<float>);
        var source = new float[translator.Length];
        var translated = new float[translator.Length];
        var translatedPosition = -1L;
        return (ref VBuffer<float> value) =>
        {
            if (input.Position != translatedPosition)
            {
                features(ref buffer);
                buffer.CopyTo(source);
                translator.Translate(source, translated);
                translatedPosition = input.Position;
            }

            var editor = VBufferEditor.Create(ref value, translated.Length);
            translated.CopyTo(editor.Values);
            value = editor.Commit();
        };
    }
}
