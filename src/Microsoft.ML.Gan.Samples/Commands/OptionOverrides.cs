using System;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// Sets public fields of an options object from <c>Name=Value</c> text (the samples' <c>--set</c>): numbers, Booleans,
/// enums by name, nullable fields and text (an empty value is <see langword="null"/>) and <c>int[]</c> as a comma-separated list.
/// </summary>
internal static class OptionOverrides
{
    public static T Apply<T>(T options, string[] overrides)
        where T : class
    {
        foreach (var item in overrides)
        {
            var parts = item.Split('=', 2);
            if (parts.Length != 2)
            {
                throw new ArgumentException($"--set expects Name=Value, got '{item}'.", nameof(overrides));
            }

            var field = typeof(T).GetField(parts[0])
                ?? throw new ArgumentException($"{typeof(T).DeclaringType?.Name}.{typeof(T).Name} has no field '{parts[0]}'.", nameof(overrides));
            field.SetValue(options, Parse(parts[1], field.FieldType));
        }

        return options;
    }

    private static object? Parse(string text, Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return text.Length == 0 ? null : Parse(text, underlying);
        }

        if (type == typeof(string))
        {
            return text.Length == 0 ? null : text;
        }

        if (type == typeof(int[]))
        {
            return text.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        }

        return type.IsEnum ? Enum.Parse(type, text, ignoreCase: true) : Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
    }
}
