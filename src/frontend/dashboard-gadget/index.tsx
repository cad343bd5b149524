import ForgeReconciler from '@forge/react';
import { App } from './App';

ForgeReconciler.render(<App />);
