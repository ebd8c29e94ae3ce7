// Turns raw streamed content text into deltas: optionally splits out `<think>` blocks,
// then runs the content through a text filter (stop strings, the chat hole cleaner).
import type { StreamDelta } from '../types';
import type { TextFilter } from './textFilters';
import { ThinkTagSplitter, type TextSegment } from './thinkTags';

export class ContentPipeline {
  private readonly splitter?: ThinkTagSplitter;

  constructor(options: { thinkTags: boolean; filter?: TextFilter }) {
    if (options.thinkTags) this.splitter = new ThinkTagSplitter();
    this.filter = options.filter;
  }

  private readonly filter?: TextFilter;

  /** True once a filter has seen the end of the answer; the rest of the stream is not needed. */
  get finished(): boolean {
    return this.filter?.finished ?? false;
  }

  push(text: string): StreamDelta[] {
    const segments: TextSegment[] = this.splitter ? this.splitter.push(text) : [{ kind: 'content', text }];
    return this.route(segments);
  }

  end(): StreamDelta[] {
    const out = this.route(this.splitter ? this.splitter.end() : []);
    const rest = this.filter?.end() ?? '';
    if (rest !== '') out.push({ kind: 'content', text: rest });
    return out;
  }

  private route(segments: TextSegment[]): StreamDelta[] {
    const out: StreamDelta[] = [];
    for (const segment of segments) {
      if (segment.kind === 'reasoning') {
        out.push({ kind: 'reasoning', text: segment.text });
        continue;
      }
      if (this.filter?.finished) continue;
      const text = this.filter ? this.filter.push(segment.text) : segment.text;
      if (text !== '') out.push({ kind: 'content', text });
    }
    return out;
  }
}
