/**
 * The drawing of one diagram before it becomes Mermaid text: participants with their Mermaid
 * ids and boxes, and the messages and notes in order. `toMermaid` builds it, folds it when it is
 * large, marks failures on it, then prints it.
 */
import type { DrawnParticipant } from './participants.js';

/** One arrow. `from`/`to` are Mermaid ids. */
export interface DrawMessage {
  type: 'msg';
  from: string;
  to: string;
  /** `->>` request, `-->>` reply, `-)` watch notification. */
  arrow: '->>' | '-->>' | '-)';
  /** Raw (unescaped) label. */
  label: string;
  seq: number;
  /** Grouping key for folding: sender, receiver, arrow, verb and the kind of object. */
  key: string;
  /**
   * For folding, the kind of exchange it belongs to: a request's key, shared by the etcd write
   * it caused and by the replies (absent: its own key).
   */
  family?: string;
  /** The objects the message is about (`pod/x`), for `× N pods`. */
  subjects: string[];
  /** How many trace messages this arrow stands for (folded), absent = 1. */
  count?: number;
  /** Drawn in a tinted `rect`: it happened in place of an expected message (failure marks). */
  highlight?: boolean;
}

/** One note. `over` are Mermaid ids (one, or the first and last of a span). */
export interface DrawNote {
  type: 'note';
  over: string[];
  /** Raw (unescaped) text. */
  text: string;
  kind: 'step' | 'decision' | 'admission' | 'info' | 'fold' | 'failure';
  /** Drawn in a tinted `rect` so it stands out (failures). */
  highlight?: boolean;
  /** How many trace notes this note stands for (folded), absent = 1. */
  count?: number;
}

export type DrawItem = DrawMessage | DrawNote;

/** A box around participants: a node (`worker-1`) or a user's `group`. */
export interface DrawBox {
  title: string;
  /** Mermaid ids, in drawing order. */
  members: string[];
}

export interface DiagramModel {
  title?: string;
  participants: DrawnParticipant[];
  boxes: DrawBox[];
  items: DrawItem[];
  /** Set when `items` were folded as they were built (huge traces): how many arrows they stand for. */
  total?: number;
  /** Set by `fold`: messages cut at the size limit (not drawn, not counted on any arrow). */
  cut?: number;
}
