using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// Differentiable augmentations of the images a DCGAN discriminator sees in training (DiffAugment, Zhao et al. 2020):
/// the same random transformations go to real and generated images, in D's steps and in G's, so D cannot memorise a
/// small training set and G still learns the untransformed distribution. Combine with <c>|</c>.
/// </summary>
[Flags]
public enum GanImageAugmentation
{
    /// <summary>No augmentation.</summary>
    None = 0,

    /// <summary>Per image: brightness shifted by U(−½, ½), saturation (colour images) scaled by U(0, 2), contrast by U(½, 3⁄2).</summary>
    Color = 1,

    /// <summary>Per image: shifted by up to ⅛ of its side in each direction, the uncovered border filled with 0.</summary>
    Translation = 2,

    /// <summary>Per image: a square of half its side at a random centre set to 0.</summary>
    Cutout = 4,
}
