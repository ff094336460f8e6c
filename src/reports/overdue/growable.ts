type TypedArray = Int32Array | Float64Array | Uint8Array;
type TypedArrayConstructor<T extends TypedArray> = new (length: number) => T;

/**
 * An append-only column of numbers in a typed array that doubles when full: the report index keeps
 * about a million of them per column, which as JS arrays of numbers would cost several times more.
 */
export class Column<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly create: TypedArrayConstructor<T>,
    capacity = 1024,
  ) {
    this.data = new create(capacity);
  }

  push(value: number): number {
    if (this.length === this.data.length) {
      const bigger = new this.create(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  /** The backing array: read only indexes below `length`; it is replaced when the column grows. */
  get values(): T {
    return this.data;
  }
}

export const int32Column = () => new Column(Int32Array);
export const float64Column = () => new Column(Float64Array);
export const uint8Column = () => new Column(Uint8Array);

/** As `Column`, for log positions (bigint, kept off the JS heap). */
export class PositionColumn {
  private data = new BigInt64Array(1024);
  length = 0;

  push(value: bigint): void {
    if (this.length === this.data.length) {
      const bigger = new BigInt64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The backing array: read only indexes below `length`; it is replaced when the column grows. */
  get values(): BigInt64Array {
    return this.data;
  }
}
