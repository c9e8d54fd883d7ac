using System;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.Gan;

/// <summary>Getters that read decoded rows in the training column's own type.</summary>
internal static class TabularGetters
{
    /// <summary>
    /// The <see cref="ValueGetter{TValue}"/> of column <paramref name="index"/>, reading row <paramref name="row"/>() of
    /// <paramref name="block"/>(): Single, Double, Int32, Int64, Boolean, text (ReadOnlyMemory&lt;char&gt;) or key (UInt32).
    /// </summary>
    public static Delegate Create(TabularColumnModel column, int index, Func<TabularBlock> block, Func<int> row)
    {
        switch (column.Spec.Kind)
        {
            case TabularValueKind.Single:
                return (ValueGetter<float>)((ref float value) => value = (float)block().Numbers[index]![row()]);
            case TabularValueKind.Double:
                return (ValueGetter<double>)((ref double value) => value = block().Numbers[index]![row()]);
            case TabularValueKind.Int32:
                return (ValueGetter<int>)((ref int value) => value = checked((int)block().Numbers[index]![row()]));
            case TabularValueKind.Int64:
                return (ValueGetter<long>)((ref long value) => value = checked((long)block().Numbers[index]![row()]));
            case TabularValueKind.Boolean:
                {
                    var values = column.Categories!.Select(c => c == bool.TrueString).ToArray();
                    return (ValueGetter<bool>)((ref bool value) => value = values[block().Categories[index]![row()]]);
                }

            case TabularValueKind.Text:
                {
                    var values = column.Categories!.Select(c => c.AsMemory()).ToArray();
                    return (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = values[block().Categories[index]![row()]]);
                }

            default:
                {
                    var values = column.Categories!.Select(c => uint.Parse(c, CultureInfo.InvariantCulture)).ToArray();
                    return (ValueGetter<uint>)((ref uint value) => value = values[block().Categories[index]![row()]]);
                }
        }
    }
}
