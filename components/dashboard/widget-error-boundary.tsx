'use client';

import { Component, type ReactNode } from 'react';
import { DashboardSection } from '@/components/dashboard/dashboard-section';

type Props = { id: string; title: string; children: ReactNode };

/**
 * Keeps one widget's failure inside its own box: the other widgets still stream in. The server
 * logs the error; the browser only learns that this widget could not load.
 */
export class WidgetErrorBoundary extends Component<Props, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <DashboardSection id={this.props.id} title={this.props.title}>
        <p role="alert" className="text-sm text-red-700">
          This part of the dashboard could not be loaded. The rest is unaffected; reload the page to try again.
        </p>
      </DashboardSection>
    );
  }
}
