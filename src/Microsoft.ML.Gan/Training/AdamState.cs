using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>The state of an <see cref="AdamOptimizer"/>: both moment estimates per parameter and the step count.</summary>
internal sealed record AdamState(IReadOnlyList<Tensor> FirstMoments, IReadOnlyList<Tensor> SecondMoments, long Step) : IDisposable
{
    public void Dispose()
    {
        foreach (var tensor in FirstMoments)
        {
            tensor.Dispose();
        }

        foreach (var tensor in SecondMoments)
        {
            tensor.Dispose();
        }
    }
}
