// A thin custom element around Apache ECharts: the server sets the chart option as a JSON string.
import * as echarts from 'echarts';

// JSON has no functions: the server describes how the tooltip writes a value (tooltip.valueFormat: prefix, suffix,
// fraction digits) and it becomes ECharts' valueFormatter here, with thousands separators.
function withValueFormat(option) {
  const format = option.tooltip && option.tooltip.valueFormat;
  if (format) {
    const digits = format.fractionDigits || 0;
    const number = new Intl.NumberFormat('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    option.tooltip.valueFormatter = (value) => value == null || value === '' ? '–'
      : (format.prefix || '') + number.format(Number(value)) + (format.suffix || '');
    delete option.tooltip.valueFormat;
  }
  return option;
}

class TtChart extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this._container = document.createElement('div');
    this._container.style.width = '100%';
    this._container.style.height = '100%';
    this.shadowRoot.appendChild(this._container);
  }

  connectedCallback() {
    if (!this._chart) {
      this._chart = echarts.init(this._container, null, { renderer: 'svg' });
      this._resizer = new ResizeObserver(() => this._chart && this._chart.resize());
      this._resizer.observe(this);
    }
    if (this._option) {
      this._chart.setOption(this._option, true);
    }
  }

  disconnectedCallback() {
    if (this._resizer) {
      this._resizer.disconnect();
    }
    if (this._chart) {
      this._chart.dispose();
      this._chart = null;
    }
  }

  set option(json) {
    this._option = json ? withValueFormat(JSON.parse(json)) : null;
    if (this._chart && this._option) {
      this._chart.setOption(this._option, true);
    } else if (this._chart) {
      this._chart.clear();
    }
  }

  get option() {
    return this._option ? JSON.stringify(this._option) : null;
  }
}

customElements.define('tt-chart', TtChart);
