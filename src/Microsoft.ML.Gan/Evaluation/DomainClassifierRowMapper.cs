using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Adds a <see cref="GanDomainClassifier"/>'s two columns to each input row: the penultimate-layer features and the
/// class probabilities (the softmax, ML.NET's multiclass <c>Score</c>). One forward pass per row serves both columns.
/// </summary>
internal sealed class DomainClassifierRowMapper : IRowToRowMapper
{
    private readonly DomainClassifierNetwork _network;
    private readonly Device _device;
    private readonly DomainClassifierSettings _settings;

    // The forward pass of a row is shared by the getters of both columns over that row.
    private readonly ConditionalWeakTable<DataViewRow, RowOutputs> _outputs = [];

    public DomainClassifierRowMapper(DataViewSchema inputSchema, DomainClassifierSettings settings, DomainClassifierNetwork network, Device device)
    {
        InputSchema = inputSchema;
        _settings = settings;
        _network = network;
        _device = device;
        InputColumn = SchemaChecks.FeatureColumn(inputSchema, settings.FeatureColumnName, nameof(inputSchema));
        var size = ((VectorDataViewType)InputColumn.Type).Size;
        if (size != settings.InputDimension)
        {
            throw SchemaChecks.Mismatch("feature", settings.FeatureColumnName,
                $"a vector of {settings.InputDimension} Single slots (the classifier's input)", SchemaChecks.Describe(InputColumn.Type), nameof(inputSchema));
        }

        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(settings.OutputFeatureColumn, new VectorDataViewType(NumberDataViewType.Single, settings.FeatureDimension));
        builder.AddColumn(settings.ScoreColumn, new VectorDataViewType(NumberDataViewType.Single, settings.Classes));
        OutputSchema = builder.ToSchema();
        FeaturesColumn = OutputSchema[inputSchema.Count];
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public DataViewSchema.Column InputColumn { get; }

    public DataViewSchema.Column FeaturesColumn { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        AddedColumnsRow.Dependencies(InputSchema, InputColumn, dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new AddedColumnsRow(OutputSchema, input, activeColumns, CreateGetter);

    private ValueGetter<VBuffer<float>> CreateGetter(DataViewRow input, DataViewSchema.Column output)
    {
        var outputs = _outputs.GetValue(input, row => new RowOutputs(this, row));
        var features = output.Index == FeaturesColumn.Index;
        return (ref VBuffer<float> value) =>
        {
            outputs.Compute();
            var source = features ? outputs.Features : outputs.Probabilities;
            var editor = VBufferEditor.Create(ref value, source.Length);
            source.CopyTo(editor.Values);
            value = editor.Commit();
        };
    }

    /// <summary>The classifier's outputs for the current row of one input row (cursor), computed once per position.</summary>
    private sealed class RowOutputs
    {
        private readonly DomainClassifierRowMapper _mapper;
        private readonly DataViewRow _input;
        private readonly ValueGetter<VBuffer<float>> _source;
        private readonly float[] _row;
        private VBuffer<float> _buffer;
        private long _position = -1;

        public RowOutputs(DomainClassifierRowMapper mapper, DataViewRow input)
        {
            _mapper = mapper;
            _input = input;
            _source = input.GetGetter<VBuffer<float>>(mapper.InputColumn);
            _row = new float[mapper._settings.InputDimension];
            Features = new float[mapper._settings.FeatureDimension];
            Probabilities = new float[mapper._settings.Classes];
        }

        public float[] Features { get; }

        public float[] Probabilities { get; }

        public void Compute()
        {
            if (_input.Position == _position)
            {
                return;
            }

            _source(ref _buffer);
            _buffer.CopyTo(_row);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (penultimate, logits) = _mapper._network.forward(FeatureStatistics.FloatMatrix(_row, 1, _row.Length).to(_mapper._device));
            TensorMemory.CopyTo(penultimate.cpu(), Features);
            TensorMemory.CopyTo(nn.functional.softmax(logits, 1).cpu(), Probabilities);
            _position = _input.Position;
        }
    }
}
