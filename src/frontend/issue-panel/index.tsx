import ForgeReconciler from '@forge/react';
import { App } from './App';

// No StrictMode: its double effects in development would open the panel with two resolver calls.
ForgeReconciler.render(<App />);
