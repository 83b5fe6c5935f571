;; 128-bit SIMD (spec 4.3.2-4.3.4 lane-wise, 4.4.3): operators on v128 parameters, v128 locals, globals,
;; blocks, select, calls and memory accesses.
(module
  (memory 1)
  (global $g (mut v128) (v128.const i32x4 1 2 3 4))
  (func (export "f32x4.min") (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.min)
  (func (export "f32x4.max") (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.max)
  (func (export "f64x2.min") (param v128 v128) (result v128) local.get 0 local.get 1 f64x2.min)
  (func (export "f64x2.max") (param v128 v128) (result v128) local.get 0 local.get 1 f64x2.max)
  (func (export "f32x4.pmin") (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.pmin)
  (func (export "f32x4.pmax") (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.pmax)
  (func (export "f32x4.nearest") (param v128) (result v128) local.get 0 f32x4.nearest)
  (func (export "f32x4.add") (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.add)
  (func (export "i32x4.trunc_sat_f32x4_s") (param v128) (result v128) local.get 0 i32x4.trunc_sat_f32x4_s)
  (func (export "i32x4.trunc_sat_f32x4_u") (param v128) (result v128) local.get 0 i32x4.trunc_sat_f32x4_u)
  (func (export "i32x4.trunc_sat_f64x2_s_zero") (param v128) (result v128) local.get 0 i32x4.trunc_sat_f64x2_s_zero)
  (func (export "f32x4.convert_i32x4_u") (param v128) (result v128) local.get 0 f32x4.convert_i32x4_u)
  (func (export "i16x8.q15mulr_sat_s") (param v128 v128) (result v128) local.get 0 local.get 1 i16x8.q15mulr_sat_s)
  (func (export "i8x16.add_sat_s") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.add_sat_s)
  (func (export "i8x16.sub_sat_u") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.sub_sat_u)
  (func (export "i8x16.narrow_i16x8_u") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.narrow_i16x8_u)
  (func (export "i8x16.abs") (param v128) (result v128) local.get 0 i8x16.abs)
  (func (export "i8x16.popcnt") (param v128) (result v128) local.get 0 i8x16.popcnt)
  (func (export "i8x16.avgr_u") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.avgr_u)
  (func (export "i32x4.dot_i16x8_s") (param v128 v128) (result v128) local.get 0 local.get 1 i32x4.dot_i16x8_s)
  (func (export "i16x8.extadd_pairwise_i8x16_s") (param v128) (result v128) local.get 0 i16x8.extadd_pairwise_i8x16_s)
  (func (export "i32x4.shl") (param v128 i32) (result v128) local.get 0 local.get 1 i32x4.shl)
  (func (export "i8x16.shr_s") (param v128 i32) (result v128) local.get 0 local.get 1 i8x16.shr_s)
  (func (export "i8x16.swizzle") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.swizzle)
  (func (export "i8x16.shuffle") (param v128 v128) (result v128)
    local.get 0 local.get 1 i8x16.shuffle 31 0 30 1 29 2 28 3 27 4 26 5 25 6 24 7)
  (func (export "i8x16.bitmask") (param v128) (result i32) local.get 0 i8x16.bitmask)
  (func (export "i32x4.all_true") (param v128) (result i32) local.get 0 i32x4.all_true)
  (func (export "v128.bitselect") (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 v128.bitselect)
  ;; v128 values through locals, a block result, select and a call: each takes two slots.
  (func $swap (param v128 v128) (result v128 v128) local.get 1 local.get 0)
  (func (export "plumbing") (param v128 v128 i32) (result v128) (local v128 i64)
    i64.const 7 local.set 4
    block (result v128)
      local.get 0 local.get 1 call $swap
      local.set 3
      local.get 3 local.get 2 select
    end
    local.get 4 i64x2.splat i64x2.add)
  (func (export "global") (param v128) (result v128)
    global.get $g local.get 0 i32x4.add global.set $g global.get $g)
  (func (export "load_store") (param i32 v128) (result v128)
    local.get 0 local.get 1 v128.store offset=16
    local.get 0 v128.load offset=16)
  (func (export "load8_lane") (param i32 v128) (result v128) local.get 0 local.get 1 v128.load8_lane 15)
  (func (export "load16x4_s") (param i32) (result v128) local.get 0 v128.load16x4_s)
  (func (export "store32_lane") (param i32 v128) local.get 0 local.get 1 v128.store32_lane 3)
  (func (export "i32.load") (param i32) (result i32) local.get 0 i32.load)
)
