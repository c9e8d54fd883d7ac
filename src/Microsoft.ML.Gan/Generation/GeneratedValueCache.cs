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
    private long _cachedBlock = -1;
    private long? _cachedKey;

    public GeneratedValueCache(SampleGenerator generator, long seed)
    {
        _generator = generator;
        _seed = seed;
        _block = new float[SampleGenerator.BlockRows * generator.OutputDimension];
        _single = new float[generator.OutputDimension];
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
            _generator.Generate(_seed, block * SampleGenerator.BlockRows, SampleGenerator.BlockRows, _block);
            _cachedBlock = block;
        }

        var dimension = _generator.OutputDimension;
        VBuffer<float>.Copy(_block, (int)(position % SampleGenerator.BlockRows) * dimension, ref destination, dimension);
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
