namespace MicroWasm.Text;

/// <summary>How a <c>v128</c> constant's lanes are written (spec 6.5.8).</summary>
public enum LaneShape : byte
{
    I8x16,
    I16x8,
    I32x4,
    I64x2,
    F32x4,
    F64x2,
}

public static class LaneShapeExtensions
{
    public static int LaneCount(this LaneShape shape) => shape switch
    {
        LaneShape.I8x16 => 16,
        LaneShape.I16x8 => 8,
        LaneShape.I32x4 or LaneShape.F32x4 => 4,
        _ => 2,
    };

    public static int LaneBits(this LaneShape shape) => 128 / shape.LaneCount();

    public static bool IsFloat(this LaneShape shape) => shape is LaneShape.F32x4 or LaneShape.F64x2;
}
