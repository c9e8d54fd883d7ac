using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// Per-cursor cache that serves one generated row at a time. Consecutive positions are generated a block at a time
/// (blocks aligned to multiples of <see cref="SampleGenerator.BlockRows"/>, so a row's value never depends on where a
/// cursor started); explicit seeds are generated one row at a time.
/// </summary>
internal sealed class GeneratedValueCache
{
    private readonly SampleGenerator _generator;
    private readonly long _seed;
    private readonly float[] _block;
    private readonly float[] _single;
    private readonly float[] _conditions;
    private readonly Func<long, int>? _classOfPosition;
    private readonly double? _truncation;
    private long _cachedBlock = -1;
    private long? _cachedKey;
    private long _cachedRow = -1;

    /// <param name="generator">The generator.</param>
    /// <param name="seed">The latent streams' seed.</param>
    /// <param name="classOfPosition">For a label-conditional generator read by position: the class of each position.</param>
    /// <param name="truncation">The latent truncation threshold, or null.</param>
    public GeneratedValueCache(SampleGenerator generator, long seed, Func<long, int>? classOfPosition = null, double? truncation = null)
    {
        _truncation = truncation;
        _generator = generator;
        _seed = seed;
        _classOfPosition = classOfPosition;
        _block = new float[SampleGenerator.BlockRows * generator.OutputDimension];
        _single = new float[generator.OutputDimension];
        _conditions = new float[SampleGenerator.BlockRows * generator.ConditionDimension];
    }

    /// <summary>The row at cursor position <paramref name="position"/>, generated with the next ones.</summary>
    public void GetByPosition(long position, ref VBuffer<float> destination)
    {
        if (position < 0)
        {
            throw new InvalidOperationException("The cursor is not on a row: call MoveNext before reading values.");
        }

        var block = position / SampleGenerator.BlockRows;
        if (block != _cachedBlock)
        {
            var first = block * SampleGenerator.BlockRows;
            if (_classOfPosition is { } classOf)
            {
                // One-hot conditions for the block's positions (the class function covers positions past the end too).
                var width = _generator.ConditionDimension;
                Array.Clear(_conditions);
                for (var row = 0; row < SampleGenerator.BlockRows; row++)
                {
                    _conditions[(row * width) + classOf(first + row)] = 1f;
                }
            }

            _generator.Generate(_seed, first, SampleGenerator.BlockRows, _conditions, _block, _truncation);
            _cachedBlock = block;
        }

        var dimension = _generator.OutputDimension;
        VBuffer<float>.Copy(_block, (int)(position % SampleGenerator.BlockRows) * dimension, ref destination, dimension);
    }

    /// <summary>
    /// The row of a conditional generator for input row <paramref name="row"/>: its latent vector keyed by
    /// <paramref name="key"/> and its condition written by <paramref name="fillCondition"/>; generated once per row.
    /// </summary>
    public void GetConditioned(long row, long key, ConditionColumn.SpanFiller fillCondition, ref VBuffer<float> destination)
    {
        if (row != _cachedRow || row < 0)
        {
            var condition = _conditions.AsSpan(0, _generator.ConditionDimension);
            fillCondition(condition);
            _generator.Generate(_seed, key, 1, condition, _single);
            _cachedRow = row;
        }

        VBuffer<float>.Copy(_single, 0, ref destination, _single.Length);
    }

    /// <summary>The row whose latent vector is keyed by <paramref name="key"/> (a seed column's value).</summary>
    public void GetByKey(long key, ref VBuffer<float> destination)
    {
        if (_cachedKey != key)
        {
            _generator.Generate(_seed, key, 1, _single);
            _cachedKey = key;
        }

        VBuffer<float>.Copy(_single, 0, ref destination, _single.Length);
    }
}
