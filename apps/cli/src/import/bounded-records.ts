import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

export interface RecordBounds {
  cellBytes: number;
  rowBytes: number;
}

/** Why a record cannot be imported as it was written, and in which column (0-based) when one is to blame. */
export type RecordFault = { problem: 'CELL_TOO_LARGE' | 'ROW_TOO_LARGE'; column: number } | { problem: 'NOT_UTF8' };

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Sits between a CSV file and the parser, which holds a whole cell in memory and cannot skip a record it found too
 * large (its `max_record_size` stops the file). Reads the bytes as the parser will (commas, quoted cells with their
 * doubled quotes and line breaks) and passes each cell on only up to `cellBytes` and each row up to `rowBytes`, so
 * memory stays bounded by them whatever the file holds. The rows it cut, and those that are not UTF-8 (which the
 * parser would turn silently into U+FFFD), are set down in `faults` under the line their record ends on, as the
 * parser numbers records (`info.lines`), before the parser sees that line's end.
 */
export class BoundedRecords extends Transform {
  readonly faults = new Map<number, RecordFault>();
  /** Bytes of the file read so far. */
  bytesRead = 0;

  private quoted = false;
  private quoteSeen = false;
  private atCellStart = true;
  private column = 0;
  private cellBytes = 0;
  private rowBytes = 0;
  private fault: RecordFault | undefined;
  private lineBreaks = 0;
  /** The current record's bytes passed on in earlier chunks, for the UTF-8 check at its end. */
  private earlier: Buffer[] = [];
  private out = Buffer.alloc(0);
  private written = 0;
  private recordStart = 0;

  constructor(private readonly bounds: RecordBounds) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytesRead += chunk.length;
    // One more byte than the chunk: a doubled quote's first half may have waited from the chunk before.
    this.out = Buffer.allocUnsafe(chunk.length + 1);
    this.written = 0;
    this.recordStart = 0;
    for (let at = 0; at < chunk.length; at += 1) this.scan(chunk[at]);
    if (this.written > this.recordStart) this.earlier.push(Buffer.from(this.out.subarray(this.recordStart, this.written)));
    done(null, this.out.subarray(0, this.written));
  }

  override _flush(done: TransformCallback): void {
    this.out = Buffer.allocUnsafe(1);
    this.written = 0;
    this.recordStart = 0;
    if (this.quoteSeen) this.pass(QUOTE);
    this.endRecord();
    done(null, this.out.subarray(0, this.written));
  }

  private scan(byte: number): void {
    if (this.quoted) {
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (byte === QUOTE) return this.content(QUOTE, QUOTE);
        this.quoted = false;
        this.pass(QUOTE);
      } else if (byte === QUOTE) {
        this.quoteSeen = true;
        return;
      } else {
        // A line break inside quotes is the cell's, but the parser still counts the line.
        if (byte === LF) this.lineBreaks += 1;
        return this.content(byte);
      }
    }
    if (byte === COMMA) {
      this.pass(byte);
      this.column += 1;
      this.cellBytes = 0;
      this.atCellStart = true;
    } else if (byte === LF) {
      this.endRecord();
      this.pass(byte);
      this.lineBreaks += 1;
      this.recordStart = this.written;
    } else if (byte === CR || (this.atCellStart && (byte === SPACE || byte === TAB))) {
      this.pass(byte);
    } else if (byte === QUOTE && this.atCellStart) {
      this.pass(byte);
      this.quoted = true;
      this.atCellStart = false;
    } else {
      this.atCellStart = false;
      this.content(byte);
    }
  }

  /** A cell's content, passed on while its cell and row are within bounds; a doubled quote is one byte of content. */
  private content(...bytes: number[]): void {
    this.cellBytes += 1;
    this.rowBytes += 1;
    if (this.cellBytes > this.bounds.cellBytes) this.fault ??= { problem: 'CELL_TOO_LARGE', column: this.column };
    else if (this.rowBytes > this.bounds.rowBytes) this.fault ??= { problem: 'ROW_TOO_LARGE', column: this.column };
    else for (const byte of bytes) this.pass(byte);
  }

  private pass(byte: number): void {
    this.out[this.written] = byte;
    this.written += 1;
  }

  private endRecord(): void {
    const record = Buffer.concat([...this.earlier, this.out.subarray(this.recordStart, this.written)]);
    if (!this.fault && !isUtf8(record)) this.fault = { problem: 'NOT_UTF8' };
    // The parser numbers a record by the line it ends on, counting from the header's line 1.
    if (this.fault) this.faults.set(this.lineBreaks + 1, this.fault);
    this.fault = undefined;
    this.earlier = [];
    this.column = 0;
    this.cellBytes = 0;
    this.rowBytes = 0;
    this.atCellStart = true;
  }
}
