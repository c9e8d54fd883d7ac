using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// CTGAN's training-by-sampling: for each row of a batch, pick a categorical column uniformly, a category of it with
/// probability proportional to log(1 + frequency), and a real row that has that category. The generator is asked for
/// the same condition, so rare categories are trained on far more often than their share, and the critic compares like
/// with like. Without categorical columns, real rows are drawn uniformly and the condition is empty. With a label column
/// a share of the rows is conditioned on it instead of on a uniformly chosen column.
/// </summary>
internal sealed class TabularConditionSampler : IDisposable
{
    private readonly int _rows;
    private readonly int _discreteColumns;
    private readonly int _conditionWidth;
    private readonly Tensor? _probabilities;
    private readonly Tensor? _offsets;
    private readonly Tensor? _rowsByCategory;
    private readonly Tensor? _categoryStart;
    private readonly Tensor? _categoryCount;
    private readonly Scalar? _label;
    private readonly Scalar? _labelShare;

    /// <summary>
    /// A sampler over the categories of <paramref name="encoding"/>'s categorical columns; with
    /// <paramref name="labelDiscrete"/> (an index into <see cref="TabularEncoding.Discrete"/>) and a positive
    /// <paramref name="labelShare"/>, that share of the rows is conditioned on the label column.
    /// </summary>
    public TabularConditionSampler(TabularEncoding encoding, int[][] categoryOfRow, int rows, int? labelDiscrete = null, double labelShare = 0)
    {
        _rows = rows;
        if (labelDiscrete is int label && labelShare > 0)
        {
            _label = label.ToScalar();
            _labelShare = labelShare.ToScalar();
        }

        _discreteColumns = encoding.Discrete.Length;
        _conditionWidth = encoding.ConditionWidth;
        if (_discreteColumns == 0)
        {
            return;
        }

        var maxCategories = encoding.Discrete.Max(i => encoding.Columns[i].Categories!.Length);
        var probabilities = new float[_discreteColumns * maxCategories];
        var rowsByCategory = new long[(long)rows * _discreteColumns];
        var start = new long[_conditionWidth];
        var count = new long[_conditionWidth];
        long position = 0;
        for (var d = 0; d < _discreteColumns; d++)
        {
            var counts = encoding.Columns[encoding.Discrete[d]].Counts!;
            var logs = counts.Select(c => Math.Log(c + 1.0)).ToArray();
            var sum = logs.Sum();
            for (var c = 0; c < counts.Length; c++)
            {
                probabilities[d * maxCategories + c] = (float)(logs[c] / sum);
                var global = encoding.ConditionOffsets[d] + c;
                start[global] = position;
                count[global] = counts[c];
                for (var row = 0; row < rows; row++)
                {
                    if (categoryOfRow[d][row] == c)
                    {
                        rowsByCategory[position++] = row;
                    }
                }
            }
        }

        _probabilities = tensor(probabilities, [_discreteColumns, maxCategories]).DetachFromDisposeScope();
        _offsets = tensor(encoding.ConditionOffsets.Select(o => (long)o).ToArray()).DetachFromDisposeScope();
        _rowsByCategory = tensor(rowsByCategory).DetachFromDisposeScope();
        _categoryStart = tensor(start).DetachFromDisposeScope();
        _categoryCount = tensor(count).DetachFromDisposeScope();
    }

    /// <summary>
    /// A batch of conditions: the one-hot condition (batch × condition width; <see langword="null"/> without categorical
    /// columns), the mask of the chosen column (batch × categorical columns) and the index of a matching real row.
    /// </summary>
    public (Tensor? Condition, Tensor? Mask, Tensor RealRows) Sample(int batchSize, Generator random)
    {
        if (_discreteColumns == 0)
        {
            return (null, null, randint(_rows, [batchSize], generator: random));
        }

        var column = randint(_discreteColumns, [batchSize], generator: random);
        if (_label is not null)
        {
            column = column.masked_fill_(rand(batchSize, generator: random).lt(_labelShare!), _label);
        }
        var category = multinomial(_probabilities!.index_select(0, column), 1, replacement: true, generator: random).squeeze(1);
        var global = _offsets!.index_select(0, column).add_(category, LossScalars.OneInteger);
        var condition = nn.functional.one_hot(global, _conditionWidth).to(ScalarType.Float32);
        var mask = nn.functional.one_hot(column, _discreteColumns).to(ScalarType.Float32);
        var counts = _categoryCount!.index_select(0, global);
        var within = rand(batchSize, dtype: ScalarType.Float64, generator: random).mul_(counts).floor_().to(ScalarType.Int64).minimum(counts.sub(LossScalars.OneInteger));
        var rows = _rowsByCategory!.index_select(0, _categoryStart!.index_select(0, global).add_(within, LossScalars.OneInteger));
        return (condition, mask, rows);
    }

    public void Dispose()
    {
        _probabilities?.Dispose();
        _offsets?.Dispose();
        _rowsByCategory?.Dispose();
        _categoryStart?.Dispose();
        _categoryCount?.Dispose();
        _label?.Dispose();
        _labelShare?.Dispose();
    }
}
