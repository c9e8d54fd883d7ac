using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// DiffAugment's transformations on flat channel-major image rows, differentiable with respect to the pixels so that G's
/// gradient passes through them. Columns after the image (a condition) are left as they are.
/// </summary>
internal static class DifferentiableAugmentation
{
    private const double TranslationRatio = 0.125;
    private const double CutoutRatio = 0.5;

    /// <summary>
    /// <paramref name="rows"/> (N × (C·S·S + extra)) with each image transformed by <paramref name="augmentation"/>,
    /// drawn from <paramref name="random"/>; a new tensor.
    /// </summary>
    public static Tensor Apply(Tensor rows, GanImageAugmentation augmentation, int channels, int size, Generator random)
    {
        var count = rows.size(0);
        var pixels = (long)channels * size * size;
        var images = rows.narrow(1, 0, pixels).view(count, channels, size, size);
        if (augmentation.HasFlag(GanImageAugmentation.Color))
        {
            images = Color(images, random);
        }

        if (augmentation.HasFlag(GanImageAugmentation.Translation))
        {
            images = Translate(images, random);
        }

        if (augmentation.HasFlag(GanImageAugmentation.Cutout))
        {
            images = Cutout(images, random);
        }

        var flat = images.reshape(count, pixels);
        if (rows.size(1) == pixels)
        {
            return flat;
        }

        var result = empty(count, rows.size(1), dtype: rows.dtype, device: rows.device);
        TensorMemory.WriteColumns(result, flat, rows.narrow(1, pixels, rows.size(1) - pixels));
        return result;
    }

    private static Tensor Color(Tensor images, Generator random)
    {
        var count = images.size(0);
        var brightness = rand(count, 1, 1, 1, dtype: images.dtype, device: images.device, generator: random).sub_(0.5);
        images = images.add(brightness);
        if (images.size(1) > 1)
        {
            var saturation = rand(count, 1, 1, 1, dtype: images.dtype, device: images.device, generator: random).mul_(2);
            var grey = images.mean([1], keepdim: true);
            images = images.sub(grey).mul(saturation).add(grey);
        }

        var contrast = rand(count, 1, 1, 1, dtype: images.dtype, device: images.device, generator: random).add_(0.5);
        var mean = images.mean([1, 2, 3], keepdim: true);
        return images.sub(mean).mul(contrast).add(mean);
    }

    /// <summary>
    /// Shifts each image by whole pixels: the image gets a one-pixel ring of zeros and every output pixel reads the
    /// shifted position, clamped onto that ring, so what leaves the frame is replaced by 0 (as DiffAugment does).
    /// </summary>
    private static Tensor Translate(Tensor images, Generator random)
    {
        var (count, channels, size) = (images.size(0), images.size(1), images.size(2));
        var shift = (long)((size * TranslationRatio) + 0.5);
        var positions = arange(size, dtype: ScalarType.Int64, device: images.device).view(1, size);
        var rowShift = randint(-shift, shift + 1, [count, 1], device: images.device, generator: random);
        var columnShift = randint(-shift, shift + 1, [count, 1], device: images.device, generator: random);
        var rowIndex = positions.add(rowShift).add_(1).clamp_(0, size + 1);
        var columnIndex = positions.add(columnShift).add_(1).clamp_(0, size + 1);
        var padded = nn.functional.pad(images, [1, 1, 1, 1]);
        var rowsMoved = padded.gather(2, rowIndex.view(count, 1, size, 1).expand(count, channels, size, size + 2));
        return rowsMoved.gather(3, columnIndex.view(count, 1, 1, size).expand(count, channels, size, size));
    }

    /// <summary>Zeroes a square of half the side at a random centre (it may stick out of the frame) in each image.</summary>
    private static Tensor Cutout(Tensor images, Generator random)
    {
        var (count, size) = (images.size(0), images.size(2));
        var side = (long)((size * CutoutRatio) + 0.5);
        var rowStart = randint(0, size + (1 - (side % 2)), [count, 1, 1], device: images.device, generator: random).sub_(side / 2);
        var columnStart = randint(0, size + (1 - (side % 2)), [count, 1, 1], device: images.device, generator: random).sub_(side / 2);
        var positions = arange(size, dtype: ScalarType.Int64, device: images.device);
        var rows = positions.view(1, size, 1);
        var columns = positions.view(1, 1, size);
        var rowInside = rows.ge(rowStart).logical_and(rows.lt(rowStart.add(side)));
        var columnInside = columns.ge(columnStart).logical_and(columns.lt(columnStart.add(side)));
        var inside = rowInside.logical_and(columnInside);
        var keep = inside.logical_not().to(images.dtype).unsqueeze(1);
        return images.mul(keep);
    }
}
