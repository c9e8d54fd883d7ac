using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Constants used by the losses every step, made once: each implicit double → <see cref="Scalar"/> conversion would
/// otherwise leave a native object to the finalizer. They live as long as the process.
/// </summary>
internal static class LossScalars
{
    public static readonly Scalar One = 1.0.ToScalar();

    public static readonly Scalar Half = 0.5.ToScalar();

    /// <summary>1 for integer tensors (a floating-point alpha is rejected there).</summary>
    public static readonly Scalar OneInteger = 1L.ToScalar();

    /// <summary><c>a + b</c>. The <c>+</c> operator passes an implicit alpha of 1 that becomes a new scalar on every call.</summary>
    public static Tensor Plus(Tensor a, Tensor b) => a.add(b, One);
}
