using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// The history of generated images that CycleGAN's discriminators learn from (Shrivastava et al.; Zhu et al. keep 50):
/// until the pool is full each new image is stored and passed through; afterwards, with probability ½, a new image
/// replaces a random stored one and the stored one goes to the discriminator instead. Judging older fakes too keeps the
/// discriminator from chasing the generator's latest change, which damps oscillation.
/// </summary>
internal sealed class ImagePool : IDisposable
{
    private readonly Tensor? _images;
    private readonly int _capacity;
    private readonly Random _random;
    private int _count;

    /// <param name="capacity">Images kept; 0 turns the pool off (every query returns its input).</param>
    /// <param name="rowLength">Values per (flat) image.</param>
    /// <param name="device">Where the images are kept.</param>
    /// <param name="seed">Seed of the keep-or-swap draws.</param>
    public ImagePool(int capacity, int rowLength, Device device, int seed)
    {
        _capacity = capacity;
        _random = new Random(seed);
        _images = capacity > 0 ? zeros(capacity, rowLength, device: device).DetachFromDisposeScope() : null;
    }

    /// <summary>Images stored so far (at most the capacity).</summary>
    public int Count => _count;

    /// <summary>The batch to show the discriminator for the newly generated <paramref name="fakes"/> (detached).</summary>
    public Tensor Query(Tensor fakes)
    {
        using var noGrad = no_grad();
        var output = fakes.detach().clone();
        if (_images is null)
        {
            return output;
        }

        var rows = fakes.size(0);
        for (var i = 0L; i < rows; i++)
        {
            if (_count < _capacity)
            {
                _images.select(0, _count++).copy_(output.select(0, i));
            }
            else if (_random.NextDouble() < 0.5)
            {
                var slot = _images.select(0, _random.Next(_capacity));
                var stored = slot.clone();
                slot.copy_(output.select(0, i));
                output.select(0, i).copy_(stored);
            }
        }

        return output;
    }

    public void Dispose() => _images?.Dispose();
}
